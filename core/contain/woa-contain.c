/* woa-contain: runs one program as a process tree of its own, and reports on it.
 *
 *   woa-contain REPORT_FD PROGRAM [ARG...]
 *
 * woa starts every contained program through this helper instead of adopting orphans itself:
 * a subreaper is per process, so woa, running several programs at once from its worker threads,
 * could not tell whose orphan it had reaped, nor end one program's tree without the others'.
 * Here each program has its own subreaper. wine's double-forked children are re-parented to
 * it, their CPU time is charged to it when it reaps them, and whatever is still running when
 * the program ends is killed. SIGTERM (woa's timeout, output limit or Ctrl-C) kills the whole
 * tree at once; so does the death of woa (PR_SET_PDEATHSIG).
 *
 * At the end it writes one line to REPORT_FD, which the program never sees (close-on-exec):
 *   "exited CODE LEFTOVERS CRASHED SIG USER SYS RSS\n"  the program called exit(CODE)
 *   "signal SIG LEFTOVERS CRASHED SIG USER SYS RSS\n"   it was ended by signal SIG
 *   "exec-failed ERRNO\n"                                it could not be started
 * LEFTOVERS processes were still running when it ended, and were killed. CRASHED processes of
 * its tree, besides the program itself, died of a signal that dumps core (SIGSEGV, SIGILL,
 * SIGABRT, ...: how qemu-user ends when the emulated program dies of a signal) before anyone
 * killed them; SIG is the first one's signal, 0 when there was none. These come from wait
 * statuses, which a program cannot forge by printing what qemu or wine would print.
 * and exits 0. Exit status 2 means woa called it wrongly. USER and SYS are the CPU time of the
 * whole tree in milliseconds and RSS the peak resident set of its largest process in KiB: every
 * process of the tree was reaped here. They are reported, not left to woa's wait4 of this
 * helper, because inside bubblewrap woa waits for bubblewrap, whose monitor exits without
 * reaping the sandbox's init, and that usage would be lost.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

enum { max_procs = 65536 };

/* The parent of a live process from /proc/PID/stat; -1 for zombies and vanished ones. */
static int parent_of(int pid) {
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, line, sizeof line - 1);
    close(fd);
    if (n <= 0) return -1;
    line[n] = 0;
    /* The command name may hold spaces and parentheses: parse after the last ')'. */
    char* close_paren = strrchr(line, ')');
    if (!close_paren || close_paren[1] != ' ' || !close_paren[2]) return -1;
    if (close_paren[2] == 'Z') return -1;
    return atoi(close_paren + 4);
}

/* Sends SIGKILL to every live descendant of this process; returns how many were signalled. */
static int kill_descendants(void) {
    static int pids[max_procs], parents[max_procs];
    int count = 0;
    DIR* proc = opendir("/proc");
    if (!proc) return 0;
    for (struct dirent* e; (e = readdir(proc)) && count < max_procs;) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        int pid = atoi(e->d_name), parent = parent_of(pid);
        if (parent > 0) pids[count] = pid, parents[count++] = parent;
    }
    closedir(proc);
    /* Mark descendants by growing the set from ourselves until it stops growing. */
    static char ours[max_procs];
    memset(ours, 0, (size_t)count);
    const int self = getpid();
    int killed = 0;
    for (int grew = 1; grew;) {
        grew = 0;
        for (int i = 0; i < count; i++) {
            if (ours[i]) continue;
            int mine = parents[i] == self;
            for (int j = 0; !mine && j < count; j++)
                mine = ours[j] && pids[j] == parents[i];
            if (mine) {
                ours[i] = 1, grew = 1;
                if (kill(pids[i], SIGKILL) == 0) killed++;
            }
        }
    }
    return killed;
}

struct tree {
    int program, status, done; /* the program's pid and wait status, once it has ended */
    int killing;               /* from now on, deaths by signal are ours */
    int leftovers, crashed, crash_signal;
};

static int dumps_core(int sig) {
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGABRT ||
           sig == SIGTRAP || sig == SIGSYS;
}

/* Reaps every child that has ended: the program, and the orphans of its tree. */
static void reap(struct tree* t) {
    int status;
    for (pid_t pid; (pid = waitpid(-1, &status, WNOHANG)) > 0;) {
        if (pid == t->program) {
            t->status = status, t->done = 1;
        } else if (!t->killing && WIFSIGNALED(status) && dumps_core(WTERMSIG(status))) {
            if (!t->crashed++) t->crash_signal = WTERMSIG(status);
        }
    }
}

static long milliseconds(struct timeval tv) { return tv.tv_sec * 1000L + tv.tv_usec / 1000; }

static void report(int fd, const struct tree* t) {
    struct rusage usage = {0};
    getrusage(RUSAGE_CHILDREN, &usage); /* every process of the tree, all reaped by now */
    dprintf(fd, "%s %d %d %d %d %ld %ld %ld\n", WIFEXITED(t->status) ? "exited" : "signal",
            WIFEXITED(t->status) ? WEXITSTATUS(t->status) : WTERMSIG(t->status), t->leftovers,
            t->crashed, t->crash_signal, milliseconds(usage.ru_utime),
            milliseconds(usage.ru_stime), usage.ru_maxrss);
}

/* Starts the program; returns its pid, or -1 with errno as the child's exec left it. */
static int start(char** argv, const sigset_t* old_mask) {
    int errors[2];
    if (pipe2(errors, O_CLOEXEC) != 0) return -1;
    const int pid = fork();
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, old_mask, NULL);
        execvp(argv[0], argv);
        int err = errno;
        (void)!write(errors[1], &err, sizeof err);
        _exit(127);
    }
    close(errors[1]);
    int err = 0;
    const ssize_t got = pid > 0 ? read(errors[0], &err, sizeof err) : -1;
    close(errors[0]);
    if (pid < 0) return -1;
    if (got == (ssize_t)sizeof err) {
        waitpid(pid, NULL, 0);
        errno = err;
        return -1;
    }
    return pid;
}

int main(int argc, char** argv) {
    char* end = NULL;
    const long report_fd = argc >= 3 ? strtol(argv[1], &end, 10) : -1;
    if (argc < 3 || !end || *end || report_fd < 3 || fcntl((int)report_fd, F_SETFD, FD_CLOEXEC)) {
        fprintf(stderr, "usage: woa-contain REPORT_FD PROGRAM [ARG...]\n");
        return 2;
    }
    const int parent = getppid();
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
    sigset_t mask, old_mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD), sigaddset(&mask, SIGTERM), sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    sigprocmask(SIG_BLOCK, &mask, &old_mask);
    const int signals = signalfd(-1, &mask, SFD_CLOEXEC);
    if (signals < 0 || getppid() != parent) return 2; /* woa died before we were ready */

    const int program = start(argv + 2, &old_mask);
    if (program < 0) {
        dprintf((int)report_fd, "exec-failed %d\n", errno);
        return 0;
    }
    struct tree t = {.program = program};
    for (;;) {
        reap(&t);
        if (t.done) break;
        struct signalfd_siginfo info;
        if (read(signals, &info, sizeof info) != (ssize_t)sizeof info) {
            if (errno == EINTR) continue;
            t.killing = 1; /* cannot wait for signals: end it rather than lose it */
            kill_descendants();
            waitpid(program, &t.status, 0);
            break;
        }
        if (info.ssi_signo != SIGCHLD) t.killing = 1, kill_descendants(); /* ended from outside */
    }
    /* The program is gone: end what it left behind, until nothing of it is left. */
    t.killing = 1;
    for (int round = 0; round < 100; round++) {
        const int killed = kill_descendants();
        /* One that is killed but not yet dead is seen again next round: count the most. */
        if (killed > t.leftovers) t.leftovers = killed;
        reap(&t);
        if (killed == 0 && waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD) break;
        usleep(2000);
    }
    report((int)report_fd, &t);
    return 0;
}
