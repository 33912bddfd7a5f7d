/* A queue whose length is shared by producer and consumer. */
void queue_push(int v);
int queue_length(void);
