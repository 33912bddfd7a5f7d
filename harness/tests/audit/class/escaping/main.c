/* Submission "escaping": tries to write outside its own directory: into every
 * directory named in $ESCAPE_DIRS (':'-separated; the audit test sets it to
 * the class, its parent, the output and $HOME), into a sibling submission's
 * source (and to read it), up the tree with ../.., and into /tmp. It also
 * tries the network.
 * Every attempt must fail (or land in the sandbox's private /tmp). Its exit
 * status is the number of attempts that got out (the report shows it); it is
 * no finding, so the verdict is clean. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static int escapes;
static void try_write(const char *path)
{
    FILE *f = fopen(path, "a");
    printf("%s %s\n", f ? "WROTE" : "blocked", path);
    if (f) {
        fclose(f);
        escapes++;
    }
}
int main(void)
{
    char dirs[4096], path[8192];
    snprintf(dirs, sizeof dirs, "%s", getenv("ESCAPE_DIRS") ? getenv("ESCAPE_DIRS") : "");
    for (char *save, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(path, sizeof path, "%s/escaped-by-student.txt", d);
        try_write(path);
        snprintf(path, sizeof path, "%s/clean/main.c", d);
        try_write(path);
        FILE *peek = fopen(path, "r");     /* another student's code is out of sight too */
        printf("%s %s\n", peek ? "READ" : "hidden", path);
        if (peek) {
            fclose(peek);
            escapes++;
        }
    }
    try_write("../../escaped-by-student.txt");
    int before = escapes;
    try_write("/tmp/racecheck-audit-escaped-by-student.txt");
    escapes = before;   /* lands in the private /tmp: the test looks on the machine's */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(80)};
    inet_pton(AF_INET, "1.1.1.1", &to.sin_addr);
    int reached = s >= 0 && connect(s, (struct sockaddr *)&to, sizeof to) == 0;
    printf("network %s\n", reached ? "REACHED" : "blocked");
    return escapes + reached;
}
