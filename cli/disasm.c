/*
 * cli/disasm.c - capstone behind cli/disasm.h.
 *
 * One capstone handle per front end, in 64-bit mode with Intel syntax (the
 * syntax the Intel SDM and most teaching material use).
 */
#include <capstone/capstone.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/disasm.h"

struct disasm {
	csh handle;
	cs_insn *insn;
};

int disasm_open(struct disasm **out)
{
	struct disasm *d = calloc(1, sizeof(*d));

	if (!d)
		return -ENOMEM;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &d->handle) != CS_ERR_OK)
		goto err_free;
	cs_option(d->handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
	d->insn = cs_malloc(d->handle);
	if (!d->insn)
		goto err_close;
	*out = d;
	return 0;
err_close:
	cs_close(&d->handle);
err_free:
	free(d);
	return -ENOMEM;
}

void disasm_close(struct disasm *d)
{
	if (!d)
		return;
	cs_free(d->insn, 1);
	cs_close(&d->handle);
	free(d);
}

size_t disasm_one(struct disasm *d, const uint8_t *bytes, size_t len,
		  uint64_t addr, char *buf, size_t buflen)
{
	const uint8_t *code = bytes;
	size_t size = len;
	uint64_t address = addr;

	if (len == 0) {
		snprintf(buf, buflen, "(unreadable)");
		return 0;
	}
	if (!cs_disasm_iter(d->handle, &code, &size, &address, d->insn)) {
		snprintf(buf, buflen, "(bad)");
		return 0;
	}
	if (d->insn->op_str[0])
		snprintf(buf, buflen, "%s %s", d->insn->mnemonic,
			 d->insn->op_str);
	else
		snprintf(buf, buflen, "%s", d->insn->mnemonic);
	return d->insn->size;
}
