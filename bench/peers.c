/*
 * bench/peers.c - the software CPU beside its peers, the same loops in one
 * run (`make bench-peers`):
 *
 *   BENCH softcpu_<loop>_mips_peers     vmscope's software CPU
 *   BENCH qemu_tcg_<loop>_mips          QEMU's JIT (TCG)
 *   BENCH qemu_1insn_<loop>_mips        QEMU with one instruction per
 *                                       translated block (-singlestep)
 *   BENCH bochs_<loop>_mips             Bochs, an interpreter
 *   BENCH softcpu_vs_<peer>_<loop>      the software CPU's MIPS over the
 *                                       peer's, per round
 *
 * for the ALU, CRC-32 and copy loops of guest/cpuloops/cpuloops.c.  The
 * peers run them from a disk image of our own (guest/peers/: a boot
 * sector that goes from real mode to long mode, then cpuloops.o itself,
 * linked unchanged), so every side runs the same machine code.  vmscope's
 * side is `softcpu_mips --one`: the vCPU thread's CPU time between the
 * loop's two POST-port markers, and the instructions the software CPU
 * retired there (which also gives the instructions per unit of work the
 * peers' figures use: the same code retires the same instructions).  A
 * peer cannot be timed between markers from outside, so each peer runs
 * the image twice, with the loop's count and with zero, and the loop's
 * time is the difference of the two processes' CPU time (user + system,
 * from wait4; QEMU's threads included): start-up, BIOS and boot cancel.
 *
 * A round runs every side once per loop, one after another (vmscope, each
 * peer, the next loop ...); each figure is the median of the rounds with
 * min-max, and each ratio the median of the rounds' ratios.  A peer whose
 * program is missing is left out with the reason (bench/peers.sh installs
 * them where it may).  A run that does not end with the image's "done"
 * line on the debug console fails the benchmark.
 *
 * Usage: peers BUILD_DIR ROUNDS [qemu|bochs]...  (the peers to run)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/support/timing.h"

#define MAX_ROUNDS 9
#define PARAMS_OFFSET 0x1e0      /* struct peer_params in the boot sector */
#define DISK_BYTES (2 * 16 * 63 * 512)   /* Bochs' geometry: 2 cylinders */

enum loop { LOOP_ALU, LOOP_CRC, LOOP_COPY, LOOPS };
enum side { SIDE_SOFT, SIDE_TCG, SIDE_1INSN, SIDE_BOCHS, SIDES };

static const char *const loop_names[LOOPS] = { "alu", "crc", "memcpy" };

/* Units of work per run (iterations, rounds, rounds): 0.3 to 0.7 s each
 * at the speeds measured on this project's machines, long beside the
 * peers' start-up, whose CPU time varies from run to run. */
static const uint64_t counts[SIDES][LOOPS] = {
	[SIDE_SOFT] = { 15000000, 400, 9000 },
	[SIDE_TCG] = { 200000000, 8000, 100000 },
	[SIDE_1INSN] = { 1500000, 50, 1500 },
	[SIDE_BOCHS] = { 6000000, 400, 6000 },
};

static const char *const side_names[SIDES] = {
	"softcpu", "qemu_tcg", "qemu_1insn", "bochs",
};

static const char *const side_words[SIDES] = {
	"vmscope's software CPU", "QEMU TCG",
	"QEMU TCG, one instruction per block (-singlestep)", "Bochs",
};

struct bench {
	const char *build;
	char tmp[64];
	int rounds;
	bool on[SIDES];
	double insns_per_unit[LOOPS];
	double mips[SIDES][LOOPS][MAX_ROUNDS];
};

/* Run argv with stdout and stderr into out; its CPU time into *cpu_ns.
 * 0, or -1 when it could not start. */
static int run(char *const argv[], const char *out, double *cpu_ns)
{
	struct timing_run t;

	if (timing_run_any(argv, out, &t))
		return -1;
	*cpu_ns = (double)t.cpu_ns;
	return 0;
}

static bool file_has(const char *path, const char *text)
{
	char buf[65536];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

/* The image with the loop and count in its boot sector, at path. */
static int write_image(struct bench *b, enum loop l, uint64_t count,
		       const char *path)
{
	static uint8_t disk[DISK_BYTES];
	uint64_t params[2] = { (uint64_t)l, count };
	char src[512];
	FILE *f;
	size_t n;

	snprintf(src, sizeof(src), "%s/bench/peerloops.img", b->build);
	f = fopen(src, "rb");
	if (!f)
		return -1;
	memset(disk, 0, sizeof(disk));
	n = fread(disk, 1, sizeof(disk), f);
	fclose(f);
	if (n < 512 || n >= 512 + 64 * 512) {
		fprintf(stderr, "peers: %s: %zu bytes, not 512 to 33 KiB\n",
			src, n);
		return -1;
	}
	memcpy(disk + PARAMS_OFFSET, params, sizeof(params));
	f = fopen(path, "wb");
	if (!f)
		return -1;
	n = fwrite(disk, 1, sizeof(disk), f);
	return fclose(f) || n != sizeof(disk) ? -1 : 0;
}

/* Bochs' configuration at path, and the debugger's commands beside it
 * (bochs.cmds): no window (the VNC display, not waiting for a viewer),
 * the debug console on stdout. */
static void bochs_config(const struct bench *b, const char *img,
			 const char *path)
{
	char cmds[96];
	FILE *f = fopen(path, "w");

	if (!f)
		return;
	fprintf(f, "megs: 64\n"
		"romimage: file=/usr/share/bochs/BIOS-bochs-latest\n"
		"vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest\n"
		"cpu: count=1, reset_on_triple_fault=0\n"
		"ata0-master: type=disk, path=%s, mode=flat, cylinders=2, "
		"heads=16, spt=63\n"
		"boot: disk\nlog: %s/bochs.log\n"
		"display_library: rfb, options=\"timeout=0\"\n"
		"speaker: enabled=0\npanic: action=fatal\n"
		"error: action=ignore\ninfo: action=ignore\n"
		"port_e9_hack: enabled=1\nclock: sync=none\n", img, b->tmp);
	fclose(f);
	/* Debian's Bochs is built with its debugger, which starts at a
	 * prompt: "c" continues */
	snprintf(cmds, sizeof(cmds), "%s/bochs.cmds", b->tmp);
	f = fopen(cmds, "w");
	if (f) {
		fputs("c\n", f);
		fclose(f);
	}
}

/* One peer run of the image at img: its CPU time; -1 unless it said
 * "done". */
static int peer_run(struct bench *b, enum side s, const char *img,
		    double *cpu_ns)
{
	char out[96], con[96], drive[160], debugcon[128], rc[96];
	char *qemu[] = { "qemu-system-x86_64", "-accel", "tcg", "-cpu",
			 "qemu64", "-m", "64", "-nodefaults", "-display",
			 "none", "-no-reboot", "-drive", drive, "-device",
			 "isa-debug-exit,iobase=0xf4,iosize=0x04",
			 "-debugcon", debugcon,
			 s == SIDE_1INSN ? "-singlestep" : NULL, NULL };
	char cmds[96];
	char *bochs[] = { "bochs", "-q", "-f", rc, "-rc", cmds, NULL };

	snprintf(out, sizeof(out), "%s/out", b->tmp);
	snprintf(con, sizeof(con), "%s/console", b->tmp);
	snprintf(drive, sizeof(drive), "file=%s,format=raw,if=ide,index=0",
		 img);
	snprintf(debugcon, sizeof(debugcon), "file:%s", con);
	snprintf(rc, sizeof(rc), "%s/bochsrc", b->tmp);
	snprintf(cmds, sizeof(cmds), "%s/bochs.cmds", b->tmp);
	unlink(con);
	if (s == SIDE_BOCHS)
		bochs_config(b, img, rc);
	if (run(s == SIDE_BOCHS ? bochs : qemu, out, cpu_ns))
		return -1;
	if (!file_has(s == SIDE_BOCHS ? out : con, "peerloops: done")) {
		fprintf(stderr, "peers: %s did not finish the loops (its "
			"output: %s)\n", side_names[s], out);
		return -1;
	}
	return 0;
}

/* The peer's MIPS on loop l: the CPU time of count units over that of
 * none. */
static int peer_mips(struct bench *b, enum side s, enum loop l, int r)
{
	char img[96], none[96];
	/* the image runs the ALU loop and the CRC once in the run with none
	 * too (guest/peers/peer.c) */
	double full, empty, insns = (double)(counts[s][l] - (l != LOOP_COPY)) *
				    b->insns_per_unit[l];

	snprintf(img, sizeof(img), "%s/loop.img", b->tmp);
	snprintf(none, sizeof(none), "%s/none.img", b->tmp);
	if (write_image(b, l, counts[s][l], img) ||
	    write_image(b, l, 0, none) || peer_run(b, s, img, &full) ||
	    peer_run(b, s, none, &empty))
		return -1;
	b->mips[s][l][r] = full > empty ? insns * 1e3 / (full - empty) : 0;
	return 0;
}

/* vmscope's MIPS on loop l, and the instructions per unit of work. */
static int soft_mips(struct bench *b, enum loop l, int r)
{
	char prog[512], count[32], out[96];
	char *argv[] = { prog, "--one", (char *)loop_names[l], count, NULL };
	double cpu, mips, ipu;
	FILE *f;
	int n;

	snprintf(prog, sizeof(prog), "%s/bench/softcpu_mips", b->build);
	snprintf(count, sizeof(count), "%llu",
		 (unsigned long long)counts[SIDE_SOFT][l]);
	snprintf(out, sizeof(out), "%s/soft", b->tmp);
	if (run(argv, out, &cpu))
		return -1;
	f = fopen(out, "r");
	n = f ? fscanf(f, "mips %lf insns_per_unit %lf", &mips, &ipu) : 0;
	if (f)
		fclose(f);
	if (n != 2) {
		fprintf(stderr, "peers: softcpu_mips --one %s failed\n",
			loop_names[l]);
		return -1;
	}
	b->mips[SIDE_SOFT][l][r] = mips;
	b->insns_per_unit[l] = ipu;
	return 0;
}

static void print_figures(struct bench *b)
{
	char name[64];
	double v[MAX_ROUNDS], ratio[MAX_ROUNDS];

	for (int s = 0; s < SIDES; s++) {
		if (!b->on[s])
			continue;
		for (int l = 0; l < LOOPS; l++) {
			struct timing_spread sp;

			memcpy(v, b->mips[s][l], sizeof(v));
			sp = timing_spread(v, (size_t)b->rounds);
			printf("BENCH %s_%s_mips%s %.1f MIPS\n", side_names[s],
			       loop_names[l], s == SIDE_SOFT ? "_peers" : "",
			       sp.median);
			printf("  %s, %s loop: median of %d rounds (min-max "
			       "%.1f-%.1f)\n", side_words[s], loop_names[l],
			       b->rounds, sp.min, sp.max);
		}
	}
	for (int s = SIDE_TCG; s < SIDES; s++) {
		if (!b->on[s])
			continue;
		for (int l = 0; l < LOOPS; l++) {
			for (int r = 0; r < b->rounds; r++)
				ratio[r] = b->mips[SIDE_SOFT][l][r] /
					   b->mips[s][l][r];
			snprintf(name, sizeof(name), "softcpu_vs_%s_%s",
				 side_names[s] + (s == SIDE_BOCHS ? 0 : 5),
				 loop_names[l]);
			timing_print_ratio(name, "the software CPU's MIPS over "
					   "the peer's, per round", ratio,
					   b->rounds, 0);
		}
	}
}

static void remove_tmp(const struct bench *b)
{
	static const char *const files[] = {
		"loop.img", "none.img", "out", "console", "bochsrc",
		"bochs.cmds", "bochs.log", "soft",
	};
	char path[128];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", b->tmp, files[i]);
		unlink(path);
	}
	rmdir(b->tmp);
}

static int parse(int argc, char **argv, struct bench *b)
{
	if (argc < 3)
		return -1;
	b->build = argv[1];
	b->rounds = atoi(argv[2]);
	if (b->rounds < 1 || b->rounds > MAX_ROUNDS)
		return -1;
	b->on[SIDE_SOFT] = true;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "qemu") == 0)
			b->on[SIDE_TCG] = b->on[SIDE_1INSN] = true;
		else if (strcmp(argv[i], "bochs") == 0)
			b->on[SIDE_BOCHS] = true;
		else
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct bench b;
	int err = 0;

	if (parse(argc, argv, &b)) {
		fprintf(stderr, "usage: peers BUILD_DIR ROUNDS(1-%d) "
			"[qemu|bochs]...\n", MAX_ROUNDS);
		return 2;
	}
	snprintf(b.tmp, sizeof(b.tmp), "/tmp/vmscope-peers.XXXXXX");
	if (!mkdtemp(b.tmp))
		return 1;
	for (int r = 0; r < b.rounds && !err; r++)
		for (int l = 0; l < LOOPS && !err; l++) {
			err = soft_mips(&b, (enum loop)l, r);
			for (int s = SIDE_TCG; s < SIDES && !err; s++)
				if (b.on[s])
					err = peer_mips(&b, (enum side)s,
							(enum loop)l, r);
		}
	if (!err)
		print_figures(&b);
	remove_tmp(&b);
	return err ? 1 : 0;
}
