/* measure_cmd - runs a command and prints, on one line:
 *     <ms to first output byte> <ms wall> <peak RSS in KiB> <exit status>
 * The command's stdout is read (and thrown away) as it comes, so "first
 * output" is when its first byte reached the pipe; stderr goes to ours.
 * Peak RSS is the child's ru_maxrss from wait4. Linux counts the forked
 * child's memory before exec too, so the measurer itself is a small C
 * program (a Python one would add its own ~8 MB to every figure).
 *
 *     measure_cmd kc get pods -n b1k */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: measure_cmd COMMAND [ARGS...]\n");
		return 2;
	}
	int p[2];
	if (pipe(p) < 0) {
		perror("pipe");
		return 1;
	}
	double start = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		close(p[1]);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "measure_cmd: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	close(p[1]);
	double first = 0;
	char buf[65536];
	for (;;) {
		ssize_t n = read(p[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (first == 0)
			first = now_ms();
	}
	close(p[0]);
	int status = 0;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 1;
	}
	double end = now_ms();
	if (first == 0)
		first = end;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%.1f %.1f %ld %d\n", first - start, end - start, ru.ru_maxrss, code);
	return 0;
}
