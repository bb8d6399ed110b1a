/*
 * tests/unit/support/kvm_nest_fixture.c - L2 on the fake KVM, ready to
 * run (see the header).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "kvm/kvm_nested.h"
#include "tests/unit/support/kvm_nest_fixture.h"

int kvm_nest_fixture_setup(void **state)
{
	struct kvm_nest_fixture *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->f = fake_kvm_nest_new();
	atomic_store(&t->f->n->backend_l2, t->f->l2);
	*state = t;
	return 0;
}

int kvm_nest_fixture_teardown(void **state)
{
	struct kvm_nest_fixture *t = *state;

	fake_kvm_nest_free(t->f);
	free(t);
	return 0;
}

void kvm_nest_fixture_run(struct kvm_nest_fixture *t)
{
	assert_int_equal(kvm_nested_ops.run(&t->f->vm, t->f->n, &t->exit), 0);
}
