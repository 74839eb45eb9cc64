#pragma once
#include <stddef.h>
#include <stdint.h>
#include <microhttpd.h>

/// Options for gh_mhd_start; a zero field means "libmicrohttpd's default".
typedef struct gh_mhd_options {
    unsigned int flags;
    uint16_t port;
    const char *bind_ipv4;        // dotted quad, NULL = any
    unsigned int thread_pool_size;
    unsigned int connection_timeout_seconds;
    unsigned int connection_limit;
    unsigned int per_ip_connection_limit;
    size_t connection_memory_limit;
    unsigned int listen_backlog;
    MHD_AccessHandlerCallback access_handler;
    void *access_context;
    MHD_RequestCompletedCallback completed_handler;
    void *completed_context;
    /// Called with the raw request URI (before unescaping); its result becomes the request context.
    void *(*uri_handler)(void *context, const char *uri, struct MHD_Connection *connection);
    void *uri_context;
} gh_mhd_options;

/// Starts a daemon (MHD_start_daemon is variadic, so Swift cannot call it).
struct MHD_Daemon *gh_mhd_start(const gh_mhd_options *options);

/// Writes the client's IP address as text into buffer; returns 0 on success.
int gh_mhd_client_address(struct MHD_Connection *connection, char *buffer, size_t length);

/// The port the daemon listens on (useful when started on port 0).
uint16_t gh_mhd_bound_port(struct MHD_Daemon *daemon);
