/*
 * cli/lesson_boot.c - booting a lesson's machine (see cli/lesson_boot.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/backend_choice.h"
#include "cli/commands.h"
#include "cli/lesson_boot.h"
#include "core/key_text.h"
#include "core/nested.h"
#include "kvm/probe.h"

static const struct opt_spec *const boot_tables[] = {
	guest_opts_table, machine_opts_table, NULL,
};

/* The boot line is parsed as `vmscope boot ...` would be. */
static const struct cmd_spec boot_spec = {
	.name = "boot",
	.operands = "GUEST",
	.min_operands = 1,
	.max_operands = 1,
	.summary = "a lesson's machine",
	.tables = boot_tables,
};

static int no_own_options(void *ctx, int code, const char *arg)
{
	(void)ctx;
	(void)code;
	(void)arg;
	return EXIT_USAGE;
}

/*
 * guest_opts_parse() says what is wrong on stderr, as the command line
 * must; for a lesson the message belongs after its file:line, so it is
 * caught here (stderr pointed at a memory stream for the call) and its
 * first line, without the "vmscope boot: " prefix, goes to err.
 */
static int parse_words(char *const *words, size_t count, struct guest_opts *o,
		       char *err, size_t errlen)
{
	char **argv = calloc(count + 2, sizeof(*argv)), *text = NULL;
	FILE *saved = stderr, *caught;
	size_t len = 0;
	int status;

	if (!argv)
		return -ENOMEM;
	argv[0] = "boot";
	memcpy(argv + 1, words, count * sizeof(*argv));
	caught = open_memstream(&text, &len);
	if (caught)
		stderr = caught;
	status = guest_opts_parse(&boot_spec, no_own_options, (int)count + 1,
				  argv, o, NULL);
	stderr = saved;
	if (caught)
		fclose(caught);
	if (status) {
		const char *why = text ? text : "";

		if (strncmp(why, "vmscope boot: ", 14) == 0)
			why += 14;
		snprintf(err, errlen, "%.*s", (int)strcspn(why, "\n"), why);
	}
	free(text);
	free(argv);
	return status ? -EINVAL : 0;
}

/* With --nested: do the images fit the levels, as vm_create() will ask
 * (the hypervisor loads the guest into half of its RAM, or a quarter)? */
static int nested_check(const struct guest_opts *o,
			const struct guest_image *img, char *err,
			size_t errlen)
{
	struct vm_config cfg;
	char why[300];

	if (!o->machine.nested)
		return 0;
	memset(&cfg, 0, sizeof(cfg));
	machine_opts_apply(&o->machine, &cfg);
	cfg.image = img->bytes;
	cfg.image_size = img->size;
	cfg.guest_name = img->name;
	if (!nested_images_fit(&cfg, why, sizeof(why)))
		return 0;
	snprintf(err, errlen, "%s: %s", img->name, why);
	return -ENOEXEC;
}

static int boot_check(char *const *words, size_t count, char *err,
		      size_t errlen)
{
	struct guest_image img;
	struct guest_opts o;
	int ret = parse_words(words, count, &o, err, errlen);

	if (ret)
		return ret;
	ret = guest_image_open(&img, o.guest, err, errlen);
	if (ret)
		return ret;
	/* what configure() and vm_create() will ask before every run, asked
	 * at load: a lesson that boots a broken image, or one its nested
	 * guest's RAM cannot hold, is refused, never half-run */
	ret = guest_image_check(&img, err, errlen);
	if (!ret)
		ret = nested_check(&o, &img, err, errlen);
	guest_image_close(&img);
	return ret;
}

const struct lesson_vocab lesson_boot_vocab = {
	.cap_known = probe_knows,
	.boot_check = boot_check,
};

static void no_serial(void *opaque, uint8_t byte)
{
	(void)opaque;
	(void)byte;
}

/* The VM configuration of m's parsed boot line, on backend. */
static int configure(struct lesson_machine *m, const char *backend,
		     struct serial_sink serial, struct vm_config *cfg,
		     char *err, size_t errlen)
{
	char note[256];

	memset(cfg, 0, sizeof(*cfg));
	/* the image is read again at every boot: the file may have changed
	 * since the lesson was loaded and checked */
	if (guest_image_check(&m->img, err, errlen))
		return -ENOEXEC;
	if (backend_choose_for(backend, m->opts.machine.nested,
			       m->opts.machine.clock, &cfg->backend, note,
			       sizeof(note))) {
		snprintf(err, errlen, "%s", note);
		return -ENODEV;
	}
	cfg->image = m->img.bytes;
	cfg->image_size = m->img.size;
	cfg->guest_name = m->img.name;
	cfg->serial = serial.write ? serial
				    : (struct serial_sink){ no_serial, NULL };
	machine_opts_apply(&m->opts.machine, cfg);
	return 0;
}

static int create(struct lesson_machine *m, const char *backend,
		  struct serial_sink serial, char *err, size_t errlen)
{
	struct vm_config cfg;
	char note[256];
	int ret = configure(m, backend, serial, &cfg, err, errlen);

	if (ret)
		return ret;
	ret = vm_create(&m->vm, &cfg, note, sizeof(note));
	if (ret) {
		snprintf(err, errlen, "%s: %s", m->img.name, note);
		return ret;
	}
	m->up = true;
	return 0;
}

/* Boot words parsed and their guest image open: 0, or -errno.  *backend
 * becomes the words' own --backend, if they name one. */
static int open_boot(struct lesson_machine *m, char *const *boot,
		     size_t nboot, const char **backend, char *err,
		     size_t errlen)
{
	char why[200];
	int ret;

	memset(m, 0, sizeof(*m));
	ret = parse_words(boot, nboot, &m->opts, why, sizeof(why));
	if (ret) {
		snprintf(err, errlen, "boot: %s", why);
		return ret;
	}
	if (strcmp(m->opts.backend, "auto") != 0)
		*backend = m->opts.backend;
	return guest_image_open(&m->img, m->opts.guest, err, errlen);
}

int lesson_machine_config(struct lesson_machine *m, char *const *boot,
			  size_t nboot, const char *backend,
			  struct vm_config *cfg, char *err, size_t errlen)
{
	int ret = open_boot(m, boot, nboot, &backend, err, errlen);

	if (!ret)
		ret = configure(m, backend, (struct serial_sink){ NULL, NULL },
				cfg, err, errlen);
	if (ret)
		lesson_machine_stop(m);
	return ret;
}

int lesson_machine_start(struct lesson_machine *m, char *const *boot,
			 size_t nboot, const char *backend,
			 struct serial_sink serial, char *err, size_t errlen)
{
	char why[200];
	int ret = open_boot(m, boot, nboot, &backend, err, errlen);

	if (ret)
		return ret;
	ret = create(m, backend, serial, err, errlen);
	if (!ret && m->opts.machine.keys &&
	    key_text_type(&m->vm, m->opts.machine.keys, why, sizeof(why))) {
		snprintf(err, errlen, "boot: --keys: %s", why);
		ret = -EINVAL;
	}
	if (ret)
		lesson_machine_stop(m);
	return ret;
}

void lesson_machine_stop(struct lesson_machine *m)
{
	if (m->up)
		vm_destroy(&m->vm);
	m->up = false;
	guest_image_close(&m->img);
}
