/* sockets: Winsock on loopback, as servers, test harnesses and language runtimes use it. TCP
 * server and client in two threads, graceful shutdown, refused connections, non-blocking
 * sockets and select, UDP, name resolution, and AF_UNIX stream sockets (Windows 10 1803+).
 * Output: wine's test format (probe_test.h). */
#include <winsock2.h>
#include <ws2tcpip.h>
#include "probe_test.h"

#if __has_include(<afunix.h>)
#include <afunix.h>
#else
/* afunix.h as the Windows SDK documents it; wine's headers lack it. */
#define UNIX_PATH_MAX 108
typedef struct sockaddr_un {
    ADDRESS_FAMILY sun_family;
    char sun_path[UNIX_PATH_MAX];
} SOCKADDR_UN;
#endif

struct client_args {
    int family;
    const struct sockaddr* address;
    int address_length;
    char reply[16];
    int reply_length;
    int end_of_stream; /* recv() returned 0 after the reply */
    int error;
};

/* Connects, sends "ping", reads the reply until the server shuts its side down. */
static DWORD WINAPI run_client(void* arg) {
    struct client_args* client = arg;
    SOCKET s = socket(client->family, SOCK_STREAM, 0);
    int n;

    if (s == INVALID_SOCKET || connect(s, client->address, client->address_length)) {
        client->error = WSAGetLastError();
        if (s != INVALID_SOCKET) closesocket(s);
        return 1;
    }
    send(s, "ping", 4, 0);
    while ((n = recv(s, client->reply + client->reply_length,
                     sizeof client->reply - 1 - client->reply_length, 0)) > 0)
        client->reply_length += n;
    client->end_of_stream = n == 0;
    if (n < 0) client->error = WSAGetLastError();
    closesocket(s);
    return 0;
}

/* Accepts one client on `listener`, expects "ping", answers "pong" and shuts down sending. */
static void serve_one(SOCKET listener, struct client_args* client) {
    HANDLE thread = CreateThread(NULL, 0, run_client, client, 0, NULL);
    char request[8] = {0};
    int received = 0, n;
    SOCKET peer = accept(listener, NULL, NULL);

    if (ok(peer != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError())) {
        while (received < 4 && (n = recv(peer, request + received, 4 - received, 0)) > 0)
            received += n;
        ok(received == 4 && !memcmp(request, "ping", 4), "server received %d bytes: %.4s\n",
           received, request);
        ok(send(peer, "pong", 4, 0) == 4, "send failed, error %d\n", WSAGetLastError());
        ok(!shutdown(peer, SD_SEND), "shutdown failed, error %d\n", WSAGetLastError());
        closesocket(peer);
    }
    ok(WaitForSingleObject(thread, 20000) == WAIT_OBJECT_0, "client thread did not finish\n");
    CloseHandle(thread);
    ok(!client->error, "client error %d\n", client->error);
    ok(client->reply_length == 4 && !memcmp(client->reply, "pong", 4), "client got %d bytes: %.4s\n",
       client->reply_length, client->reply);
    ok(client->end_of_stream, "client did not see the end of the stream\n");
}

static void test_tcp(void) {
    struct sockaddr_in address = {0}, peer_name;
    struct client_args client = {0};
    int length = sizeof address;
    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    if (!ok(listener != INVALID_SOCKET, "socket failed, error %d\n", WSAGetLastError())) return;
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(!bind(listener, (struct sockaddr*)&address, sizeof address), "bind failed, error %d\n",
       WSAGetLastError());
    ok(!getsockname(listener, (struct sockaddr*)&address, &length) && address.sin_port != 0,
       "getsockname gave no port, error %d\n", WSAGetLastError());
    ok(!listen(listener, SOMAXCONN), "listen failed, error %d\n", WSAGetLastError());

    client.family = AF_INET;
    client.address = (struct sockaddr*)&address;
    client.address_length = sizeof address;
    serve_one(listener, &client);

    length = sizeof peer_name;
    ok(getpeername(listener, (struct sockaddr*)&peer_name, &length) == SOCKET_ERROR &&
           WSAGetLastError() == WSAENOTCONN,
       "getpeername on a listener: error %d\n", WSAGetLastError());
    closesocket(listener);
}

static void test_refused(void) {
    struct sockaddr_in address = {0};
    int length = sizeof address;
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);

    /* A port that was just free: bind to get one, then close it. */
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr*)&address, sizeof address);
    getsockname(s, (struct sockaddr*)&address, &length);
    closesocket(s);

    s = socket(AF_INET, SOCK_STREAM, 0);
    ok(connect(s, (struct sockaddr*)&address, sizeof address) == SOCKET_ERROR &&
           WSAGetLastError() == WSAECONNREFUSED,
       "connect to a closed port: error %d, want WSAECONNREFUSED\n", WSAGetLastError());
    closesocket(s);
}

static void test_nonblocking_and_select(void) {
    struct sockaddr_in address = {0};
    int length = sizeof address;
    u_long nonblocking = 1;
    struct timeval timeout = {0, 200000};
    fd_set readable;
    char byte;
    SOCKET a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);

    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(a, (struct sockaddr*)&address, sizeof address);
    getsockname(a, (struct sockaddr*)&address, &length);

    ok(!ioctlsocket(a, FIONBIO, &nonblocking), "FIONBIO failed, error %d\n", WSAGetLastError());
    ok(recv(a, &byte, 1, 0) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK,
       "recv with nothing queued: error %d, want WSAEWOULDBLOCK\n", WSAGetLastError());

    FD_ZERO(&readable);
    FD_SET(a, &readable);
    ok(select(0, &readable, NULL, NULL, &timeout) == 0, "select on an idle socket not 0\n");

    ok(sendto(b, "datagram", 8, 0, (struct sockaddr*)&address, sizeof address) == 8,
       "sendto failed, error %d\n", WSAGetLastError());
    FD_ZERO(&readable);
    FD_SET(a, &readable);
    timeout.tv_sec = 5;
    ok(select(0, &readable, NULL, NULL, &timeout) == 1 && FD_ISSET(a, &readable),
       "select did not report the datagram\n");
    {
        char buffer[16] = {0};
        struct sockaddr_in from;
        int from_length = sizeof from;
        int n = recvfrom(a, buffer, sizeof buffer, 0, (struct sockaddr*)&from, &from_length);
        ok(n == 8 && !memcmp(buffer, "datagram", 8), "recvfrom got %d: %s\n", n, buffer);
        ok(n > 0 && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "datagram not from loopback\n");
    }
    closesocket(a);
    closesocket(b);
}

static void test_resolution(void) {
    struct addrinfo hints = {0}, *result = NULL;
    char host[NI_MAXHOST];
    int rc;

    hints.ai_family = AF_INET;
    hints.ai_flags = AI_NUMERICHOST;
    rc = getaddrinfo("127.0.0.1", "80", &hints, &result);
    ok(rc == 0 && result && result->ai_family == AF_INET, "numeric getaddrinfo: %d\n", rc);
    if (result) {
        ok(ntohs(((struct sockaddr_in*)result->ai_addr)->sin_port) == 80, "port not 80\n");
        freeaddrinfo(result);
    }

    result = NULL;
    hints.ai_flags = 0;
    hints.ai_family = AF_UNSPEC;
    rc = getaddrinfo("localhost", NULL, &hints, &result);
    ok(rc == 0 && result, "getaddrinfo(localhost): %d\n", rc);
    if (result) freeaddrinfo(result);

    ok(gethostname(host, sizeof host) == 0 && host[0], "gethostname failed, error %d\n",
       WSAGetLastError());
}

static void test_unix_sockets(void) {
    SOCKADDR_UN address = {0};
    struct client_args client = {0};
    WCHAR temp[MAX_PATH];
    SOCKET listener = socket(AF_UNIX, SOCK_STREAM, 0);

    if (!ok(listener != INVALID_SOCKET, "socket(AF_UNIX) failed, error %d\n", WSAGetLastError()))
        return;
    GetTempPathW(MAX_PATH, temp);
    address.sun_family = AF_UNIX;
    snprintf(address.sun_path, sizeof address.sun_path, "%lswoa-%lu.sock", temp,
             GetCurrentProcessId());
    DeleteFileA(address.sun_path);
    if (!ok(!bind(listener, (struct sockaddr*)&address, sizeof address),
            "bind(AF_UNIX %s) failed, error %d\n", address.sun_path, WSAGetLastError())) {
        closesocket(listener);
        return;
    }
    /* Binding creates the socket's file. */
    ok(GetFileAttributesA(address.sun_path) != INVALID_FILE_ATTRIBUTES,
       "the bound socket has no file, error %lu\n", GetLastError());
    ok(!listen(listener, 1), "listen(AF_UNIX) failed, error %d\n", WSAGetLastError());
    client.family = AF_UNIX;
    client.address = (struct sockaddr*)&address;
    client.address_length = sizeof address;
    serve_one(listener, &client);
    closesocket(listener);
    DeleteFileA(address.sun_path);
}

int main(void) {
    WSADATA data;
    int rc;

    probe_start("sockets");
    rc = WSAStartup(MAKEWORD(2, 2), &data);
    if (!ok(rc == 0, "WSAStartup failed: %d\n", rc)) return probe_finish();
    ok(data.wVersion == MAKEWORD(2, 2), "wVersion 0x%04x\n", data.wVersion);
    test_tcp();
    test_refused();
    test_nonblocking_and_select();
    test_resolution();
    test_unix_sockets();
    ok(!WSACleanup(), "WSACleanup failed, error %d\n", WSAGetLastError());
    return probe_finish();
}
