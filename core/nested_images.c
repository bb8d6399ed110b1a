/*
 * core/nested_images.c - the guests L1 is to run, from L0's side: the
 * images L0 leaves in L1's RAM for the L1 hypervisor to load (L2's, and
 * with --nested 2 L3's after it), checked to fit every level they pass
 * through, staged at each boot, and their symbols for their exits.
 *
 * Each level's RAM is the upper half of the RAM of the level above
 * (guest/hv/hv_main.c): L1 has the machine's, L2 half of it, L3 a
 * quarter.  A hypervisor finds the images it is given from NESTED_IMAGES
 * up in its own RAM, below its guest's half, and hands the ones after the
 * first on to its guest the same way (hv_main.c, pass_on()).  So the
 * images fit when, at every level that carries them, they end below that
 * level's guest's RAM, and each one's ELF loads inside the RAM of the
 * level it runs as.  nested_images_fit() asks both of a configuration
 * before any machine exists - the lesson loader asks it of a
 * `boot --nested` line - so that a lesson refused at run time is refused
 * at load time too, with the same words.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/elf.h"
#include "core/nested.h"
#include "core/vm.h"


/* An image, its whole name as the user gave it, and whether it is the
 * hypervisor's (the messages name that one; the user's own image is
 * named by whoever reports the error: "vmscope run: IMAGE: ..."). */
struct image_ref {
	const uint8_t *bytes;
	size_t size;
	const char *name;
	bool hypervisor;
};

/* The RAM of the guest of a level with ram bytes: its upper half. */
static uint64_t guest_ram(uint64_t ram)
{
	return ram / 2;
}

/* Where the image after one of size bytes staged at `at` goes: the next
 * page (the hypervisor's pass_on() places them so as well). */
static uint64_t next_image_at(uint64_t at, uint64_t size)
{
	return (at + size + NESTED_PAGE - 1) & ~(NESTED_PAGE - 1);
}

/* The images L1 is given, in order: with --nested 2 the hypervisor (it
 * runs as L2), then the guest's (the innermost level).  How many. */
static unsigned images_of(const struct vm_config *cfg,
			  struct image_ref img[NESTED_IMAGES_MAX])
{
	unsigned n = 0;

	if (cfg->nested == 2)
		img[n++] = (struct image_ref){ cfg->hypervisor,
			cfg->hypervisor_size,
			cfg->hypervisor_name ? cfg->hypervisor_name : "hv",
			true };
	img[n++] = (struct image_ref){ cfg->image, cfg->image_size,
		cfg->guest_name ? cfg->guest_name : "guest", false };
	return n;
}

/* The words a message about r starts with: "" for the user's image, "the
 * hypervisor hv" and then end for the hypervisor's. */
static const char *who(const struct image_ref *r, const char *end,
		       char *buf, size_t len)
{
	if (!r->hypervisor)
		return "";
	snprintf(buf, len, "the hypervisor %s%s", r->name, end);
	return buf;
}

/* Do img[from..count) fit, staged from NESTED_IMAGES, below the RAM of
 * the guest of level L(from + 1), whose RAM has ram bytes? */
static int staged_fit(const struct image_ref *img, unsigned from,
		      unsigned count, uint64_t ram, unsigned depth, char *err,
		      size_t errlen)
{
	uint64_t room = guest_ram(ram), at = NESTED_IMAGES;
	char name[80];

	for (unsigned i = from; i < count; i++) {
		if (at > room || img[i].size > room - at) {
			snprintf(err, errlen, "%s%zu bytes, more than L%u has "
				 "room for at --nested %u: it keeps the images "
				 "it is to run from 0x%llx up to its guest's "
				 "RAM at 0x%llx",
				 who(&img[i], ": ", name, sizeof(name)),
				 img[i].size, from + 1, depth,
				 (unsigned long long)NESTED_IMAGES,
				 (unsigned long long)room);
			return -E2BIG;
		}
		at = next_image_at(at, img[i].size);
	}
	return 0;
}

/* img[i]'s ELF inside the RAM (ram bytes) of the level it runs as,
 * L(i + 2); with syms, its symbols read into syms as well. */
static int loads_at_level(const struct image_ref *img, unsigned i,
			  uint64_t ram, unsigned depth, struct symtab *syms,
			  char *err, size_t errlen)
{
	char why[200], name[80];
	int ret = syms ? elf_read_symbols(img[i].bytes, img[i].size, ram,
					  syms, why, sizeof(why))
		       : elf_check(img[i].bytes, img[i].size, ram, why,
				   sizeof(why));

	if (ret)
		snprintf(err, errlen, "%sas L%u at --nested %u: %s",
			 who(&img[i], " ", name, sizeof(name)), i + 2, depth,
			 why);
	return ret;
}

/* Both checks, level by level from L1 down; syms, when not NULL, gets
 * each image's symbols (syms[i]: L(i + 2)'s). */
static int images_fit(const struct image_ref *img, unsigned count,
		      uint64_t l1_ram, unsigned depth, struct symtab **syms,
		      char *err, size_t errlen)
{
	uint64_t ram = l1_ram;   /* the RAM of the level carrying img[i..] */
	int ret = 0;

	for (unsigned i = 0; i < count && !ret; i++) {
		ret = staged_fit(img, i, count, ram, depth, err, errlen);
		ram = guest_ram(ram);
		if (!ret)
			ret = loads_at_level(img, i, ram, depth,
					     syms ? syms[i] : NULL, err,
					     errlen);
	}
	return ret;
}

/* cfg's images, checked to fit L1's RAM of l1_ram bytes and below (with
 * their symbols, as images_fit() takes them): how many, or -errno. */
static int check_images(const struct vm_config *cfg, uint64_t l1_ram,
			struct image_ref img[NESTED_IMAGES_MAX],
			struct symtab **syms, char *err, size_t errlen)
{
	unsigned count;
	int ret;

	if (!cfg->hypervisor) {
		snprintf(err, errlen, "--nested: no L1 hypervisor given");
		return -EINVAL;
	}
	count = images_of(cfg, img);
	ret = images_fit(img, count, l1_ram, cfg->nested, syms, err, errlen);
	return ret ? ret : (int)count;
}

int nested_images_fit(const struct vm_config *cfg, char *err, size_t errlen)
{
	struct image_ref img[NESTED_IMAGES_MAX];
	int ret = check_images(cfg, cfg->ram_size ? cfg->ram_size
						  : VM_DEFAULT_RAM,
			       img, NULL, err, errlen);

	return ret < 0 ? ret : 0;
}

/*
 * The name the hypervisor prints ("hv: running NAME as L2"), in the
 * boot info's field of NESTED_IMAGE_NAME bytes: whole when it fits, else
 * cut visibly - "..." and the name's end, which for a path is the file's
 * own name - since a file's path may be longer than any field.
 */
static void abi_name(char dst[NESTED_IMAGE_NAME], const char *name)
{
	size_t len = strlen(name), keep = NESTED_IMAGE_NAME - 4;

	if (len < NESTED_IMAGE_NAME)
		memcpy(dst, name, len + 1);
	else
		snprintf(dst, NESTED_IMAGE_NAME, "...%s", name + len - keep);
}

int nested_images_setup(struct nested_l0 *n, const struct vm_config *cfg,
			uint64_t l1_ram, char *err, size_t errlen)
{
	struct image_ref img[NESTED_IMAGES_MAX];
	struct symtab *syms[NESTED_IMAGES_MAX] = { &n->l2_syms, &n->l3_syms };
	int count = check_images(cfg, l1_ram, img, syms, err, errlen);

	if (count < 0)
		return count;
	for (int i = 0; i < count; i++) {
		n->image[i].bytes = img[i].bytes;
		n->image[i].size = img[i].size;
		abi_name(n->image[i].name, img[i].name);
	}
	n->images = (unsigned)count;
	return 0;
}

/* nested_images_setup() found they fit: no check is left to make. */
int nested_stage(struct vm *vm, char *err, size_t errlen)
{
	const struct nested_l0 *n = vm->nested;
	struct nested_boot nb = {
		.magic = NESTED_BOOT_MAGIC, .count = n->images, .level = 1,
	};
	uint64_t at = NESTED_IMAGES;
	int ret = 0;

	for (unsigned i = 0; i < n->images && !ret; i++) {
		const struct nested_image_src *img = &n->image[i];

		nb.image[i].gpa = at;
		nb.image[i].size = img->size;
		memcpy(nb.image[i].name, img->name, sizeof(nb.image[i].name));
		ret = guest_mem_write(&vm->mem, at, img->bytes, img->size);
		at = next_image_at(at, img->size);
	}
	if (!ret)
		ret = guest_mem_write(&vm->mem, NESTED_BOOT_INFO, &nb,
				      sizeof(nb));
	if (ret)
		snprintf(err, errlen, "--nested: cannot stage the images in "
			 "L1's RAM: %s", strerror(-ret));
	return ret;
}
