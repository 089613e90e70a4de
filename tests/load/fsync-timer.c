/*
 * fsync-timer: an LD_PRELOAD library that times every fsync and fdatasync of a process, for the
 * load bench (docs/performance.md, round 10). SQLite (inside better-sqlite3) and Node's fs call
 * them through the C library, so the library sees the durable commits of every server the bench
 * starts, with the file they sync and the thread that waits.
 *
 *   npm run bench:fsync -- build                       (compiles it into test-results/fsync-timer/)
 *   FSYNC_TIMER_DIR=<folder> LD_PRELOAD=<that .so> npm run bench -- --seats 1000 --skip-replay
 *   npm run bench:fsync -- report <folder>
 *
 * One file per process, <pid>.log: a first line "# <command line>", then one line per call:
 * "<CLOCK_MONOTONIC ns at the start> <duration ns> <fsync|fdatasync> <thread id> <path>".
 * Each line is one write(2) with O_APPEND, so lines of several threads do not mix. Cost per call:
 * two clock reads, a readlink and a write (a few microseconds). Without FSYNC_TIMER_DIR it only
 * passes the calls through. A measuring aid: never loaded by the server in production.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
/* -2: not opened yet; -1: no FSYNC_TIMER_DIR (or it cannot be written) */
static int log_fd = -2;

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void open_log(void) {
  const char *dir = getenv("FSYNC_TIMER_DIR");
  if (!dir) {
    log_fd = -1;
    return;
  }
  char path[512];
  snprintf(path, sizeof path, "%s/%d.log", dir, (int)getpid());
  log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return;
  char cmd[600];
  ssize_t n = 0;
  int c = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (c >= 0) {
    n = read(c, cmd, sizeof cmd - 1);
    close(c);
  }
  if (n < 0) n = 0;
  for (ssize_t i = 0; i < n; i++)
    if (cmd[i] == 0) cmd[i] = ' ';
  cmd[n] = 0;
  char head[700];
  int h = snprintf(head, sizeof head, "# %s\n", cmd);
  if (write(log_fd, head, h) < 0) log_fd = -1;
}

static void record(const char *call, int fd, long long start, long long duration) {
  /* a race between two threads' first calls opens the file twice: harmless (O_APPEND) */
  if (log_fd == -2) open_log();
  if (log_fd < 0) return;
  char link[64], path[256];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t m = readlink(link, path, sizeof path - 1);
  if (m < 0) m = 0;
  path[m] = 0;
  char line[400];
  int k = snprintf(line, sizeof line, "%lld %lld %s %ld %s\n", start, duration, call, (long)syscall(SYS_gettid), path);
  if (write(log_fd, line, k) < 0) log_fd = -1;
}

int fsync(int fd) {
  if (!real_fsync) real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  long long start = now_ns();
  int r = real_fsync(fd);
  record("fsync", fd, start, now_ns() - start);
  return r;
}

int fdatasync(int fd) {
  if (!real_fdatasync) real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  long long start = now_ns();
  int r = real_fdatasync(fd);
  record("fdatasync", fd, start, now_ns() - start);
  return r;
}
