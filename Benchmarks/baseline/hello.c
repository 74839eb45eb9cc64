/* The baseline for `make bench`: the smallest libmicrohttpd server that answers /healthz,
   with the same threading model Gatehouse uses (2 epoll listener threads). */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum MHD_Result answer(void *cls, struct MHD_Connection *connection, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size, void **ptr) {
    static const char body[] = "{\"status\":\"ok\"}";
    static int first_call_marker;
    (void)cls; (void)url; (void)method; (void)version; (void)upload_data; (void)upload_data_size;
    /* Answer on the second call, once the request is complete: answering on the first call
       makes libmicrohttpd close the connection instead of keeping it alive. */
    if (*ptr != &first_call_marker) { *ptr = &first_call_marker; return MHD_YES; }
    struct MHD_Response *response = MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(response, "Content-Type", "application/json");
    enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}

int main(int argc, char **argv) {
    unsigned short port = argc > 1 ? (unsigned short)atoi(argv[1]) : 8090;
    struct MHD_Daemon *daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, port, NULL, NULL,
                                                 &answer, NULL, MHD_OPTION_THREAD_POOL_SIZE, 2,
                                                 MHD_OPTION_CONNECTION_TIMEOUT, 30, MHD_OPTION_END);
    if (daemon == NULL) { fprintf(stderr, "cannot start on port %u\n", port); return 1; }
    sigset_t set; int sig;
    sigemptyset(&set); sigaddset(&set, SIGTERM); sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    sigwait(&set, &sig);
    MHD_stop_daemon(daemon);
    return 0;
}
