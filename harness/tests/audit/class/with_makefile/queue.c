/* The bug: the length is updated with no lock, by two threads at once. */
#include "queue.h"
static int items[QUEUE_SIZE];
static int length;
void queue_push(int v) { items[length % QUEUE_SIZE] = v; length++; }
int queue_length(void) { return length; }
