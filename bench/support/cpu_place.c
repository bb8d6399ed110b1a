/*
 * bench/support/cpu_place.c - a bench's threads put on CPUs (see
 * bench/support/cpu_place.h), through sched_setaffinity() on each thread
 * listed in /proc/self/task.
 */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench/support/cpu_place.h"

static int place_cpu[2];   /* the driver's CPU, then the workers' when apart */

int cpu_place_init(void)
{
	cpu_set_t allowed;
	int found = 0;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		return -errno;
	for (int cpu = 0; cpu < CPU_SETSIZE && found < 2; cpu++)
		if (CPU_ISSET(cpu, &allowed))
			place_cpu[found++] = cpu;
	if (found == 1)
		place_cpu[1] = place_cpu[0];
	return found == 2 ? 0 : -ENODEV;
}

static int pin(pid_t tid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* ESRCH: the thread has ended since it was listed */
	return sched_setaffinity(tid, sizeof(set), &set) && errno != ESRCH ?
	       -errno : 0;
}

int cpu_place(bool apart)
{
	pid_t self = gettid();
	DIR *tasks = opendir("/proc/self/task");
	struct dirent *e;
	int err = tasks ? 0 : -errno;

	while (!err && (e = readdir(tasks))) {
		pid_t tid = (pid_t)atoi(e->d_name);

		if (tid > 0)
			err = pin(tid, tid == self || !apart ? place_cpu[0]
							      : place_cpu[1]);
	}
	if (tasks)
		closedir(tasks);
	return err;
}
