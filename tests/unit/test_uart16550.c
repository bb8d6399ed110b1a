/*
 * tests/unit/test_uart16550.c - the 16550A UART, driven as a guest drives
 * it: port accesses through a real struct bus (core/bus.c) at COM1.
 *
 * Expected register values are written as numbers from the PC16550D
 * datasheet (LSR 0x60 after reset, IIR 0xc1 with FIFOs on, ...) so that a
 * wrong #define in devices/uart16550.h cannot hide behind itself.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"
#include "core/vm.h"
#include "devices/uart16550.h"
#include "guest/abi/machine.h"
#include "tests/unit/support/bus_io.h"
#include "tests/unit/support/irq_log.h"

#define MAX_CAPTURE 64

struct fixture {
	struct bus bus;
	struct uart16550 *uart;
	uint8_t sent[MAX_CAPTURE];     /* bytes that reached the host sink */
	unsigned nsent;
	struct irq_log irq;
};

static void capture_byte(void *opaque, uint8_t byte)
{
	struct fixture *f = opaque;

	assert_true(f->nsent < MAX_CAPTURE);
	f->sent[f->nsent++] = byte;
}

static int setup(void **state)
{
	static struct fixture f;
	struct serial_sink sink = { .write = capture_byte, .opaque = &f };

	memset(&f, 0, sizeof(f));
	bus_init(&f.bus);
	*state = &f;
	return uart16550_init(&f.uart, &f.bus, PORT_COM1, &sink);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	uart16550_free(f->uart);
	return 0;
}

/* One guest access of size bytes to register reg of COM1. */
static uint64_t in_sized(struct fixture *f, unsigned reg, unsigned size)
{
	return bus_io_in(&f->bus, (uint16_t)(PORT_COM1 + reg), size);
}

static uint8_t in(struct fixture *f, unsigned reg)
{
	return (uint8_t)in_sized(f, reg, 1);
}

static void out_sized(struct fixture *f, unsigned reg, unsigned size,
		      uint64_t value)
{
	bus_io_out(&f->bus, (uint16_t)(PORT_COM1 + reg), size, value);
}

static void out(struct fixture *f, unsigned reg, uint8_t value)
{
	out_sized(f, reg, 1, value);
}

static void test_reset_state(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(in(f, UART_LSR), 0x60);   /* THRE | TEMT */
	assert_int_equal(in(f, UART_IIR), 0x01);   /* no interrupt */
	assert_int_equal(in(f, UART_IER), 0x00);
	assert_int_equal(in(f, UART_LCR), 0x00);
	assert_int_equal(in(f, UART_MCR), 0x00);
	assert_int_equal(in(f, UART_MSR), 0xb0);   /* DCD | DSR | CTS */
	assert_int_equal(in(f, UART_SCR), 0x00);
}

static void test_eight_ports_claimed(void **state)
{
	struct fixture *f = *state;
	uint64_t value = 0;

	assert_null(bus_pio_access(&f->bus, PORT_COM1 - 1, 1, false, &value));
	assert_null(bus_pio_access(&f->bus, PORT_COM1 + 8, 1, false, &value));
	assert_non_null(bus_pio_access(&f->bus, PORT_COM1 + 7, 1, false,
				       &value));
}

static void test_thr_reaches_sink(void **state)
{
	struct fixture *f = *state;
	struct uart16550_counters c;

	out(f, UART_THR, 'H');
	out(f, UART_THR, 'i');
	assert_int_equal(f->nsent, 2);
	assert_memory_equal(f->sent, "Hi", 2);
	assert_int_equal(in(f, UART_LSR), 0x60);   /* still ready */
	uart16550_get_counters(f->uart, &c);
	assert_int_equal(c.tx_bytes, 2);
	assert_int_equal(c.rx_bytes, 0);
}

static void test_dlab_divisor_latch(void **state)
{
	struct fixture *f = *state;

	out(f, UART_LCR, 0x83);                    /* DLAB, 8 bits */
	out(f, UART_DLL, 0x0c);                    /* 9600 baud */
	out(f, UART_DLM, 0x01);
	assert_int_equal(in(f, UART_DLL), 0x0c);
	assert_int_equal(in(f, UART_DLM), 0x01);
	assert_int_equal(f->nsent, 0);             /* not a THR write */
	out(f, UART_LCR, 0x03);
	assert_int_equal(in(f, UART_IER), 0x00);   /* not an IER write */
	assert_int_equal(in(f, UART_LCR), 0x03);
	out(f, UART_THR, 'x');
	assert_int_equal(f->nsent, 1);
	out(f, UART_LCR, 0x83);                    /* the latch kept it */
	assert_int_equal(in(f, UART_DLL), 0x0c);
	assert_int_equal(in(f, UART_DLM), 0x01);
}

static void test_dlab_hides_rbr(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(uart16550_receive(f->uart, 'k'), 0);
	out(f, UART_LCR, 0x80);
	assert_int_equal(in(f, UART_DLL), 0x00);   /* the latch, not 'k' */
	out(f, UART_LCR, 0x00);
	assert_int_equal(in(f, UART_RBR), 'k');
}

static void test_ier_uses_four_bits(void **state)
{
	struct fixture *f = *state;

	out(f, UART_IER, 0xff);
	assert_int_equal(in(f, UART_IER), 0x0f);
	out(f, UART_IER, 0x05);
	assert_int_equal(in(f, UART_IER), 0x05);
}

static void test_iir_source_needs_ier(void **state)
{
	struct fixture *f = *state;

	/* Data waiting, THR empty, but nothing enabled: no interrupt. */
	assert_int_equal(uart16550_receive(f->uart, 'a'), 0);
	assert_int_equal(in(f, UART_IIR), 0x01);
	out(f, UART_IER, 0x01);                    /* ERBFI */
	assert_int_equal(in(f, UART_IIR), 0x04);
	in(f, UART_RBR);
	assert_int_equal(in(f, UART_IIR), 0x01);
}

/* All four sources pending at once come out in the datasheet's order. */
static void test_iir_priority_order(void **state)
{
	struct fixture *f = *state;

	out(f, UART_MCR, 0x10);                    /* loopback: MSR deltas */
	assert_int_equal(uart16550_receive(f->uart, 'a'), -EAGAIN);
	out(f, UART_THR, 'a');                     /* 16450 mode: 1 byte */
	out(f, UART_THR, 'b');                     /* overrun */
	out(f, UART_IER, 0x0f);
	assert_int_equal(in(f, UART_IIR), 0x06);   /* line status */
	assert_int_equal(in(f, UART_LSR), 0x63);   /* OE | DR, cleared */
	assert_int_equal(in(f, UART_IIR), 0x04);   /* received data */
	assert_int_equal(in(f, UART_RBR), 'a');
	assert_int_equal(in(f, UART_IIR), 0x02);   /* THR empty, cleared */
	assert_int_equal(in(f, UART_IIR), 0x00);   /* modem status */
	assert_int_equal(in(f, UART_MSR), 0x0b);   /* DDCD|DDSR|DCTS, cleared */
	assert_int_equal(in(f, UART_IIR), 0x01);
}

static void test_thre_cleared_by_iir_read(void **state)
{
	struct fixture *f = *state;

	out(f, UART_IER, 0x02);                    /* ETBEI, THR is empty */
	assert_int_equal(in(f, UART_IIR), 0x02);
	assert_int_equal(in(f, UART_IIR), 0x01);   /* acknowledged */
	assert_int_equal(in(f, UART_LSR), 0x60);   /* THRE itself stays */
	out(f, UART_THR, '!');                     /* empties again */
	assert_int_equal(in(f, UART_IIR), 0x02);
	assert_int_equal(in(f, UART_IIR), 0x01);
	out(f, UART_IER, 0x02);                    /* unchanged: no new one */
	assert_int_equal(in(f, UART_IIR), 0x01);
	out(f, UART_IER, 0x00);
	out(f, UART_IER, 0x02);                    /* re-enabled: again */
	assert_int_equal(in(f, UART_IIR), 0x02);
}

/* An IIR read that reports a higher source leaves THRE pending. */
static void test_thre_kept_behind_higher_source(void **state)
{
	struct fixture *f = *state;

	out(f, UART_IER, 0x03);
	assert_int_equal(uart16550_receive(f->uart, 'q'), 0);
	assert_int_equal(in(f, UART_IIR), 0x04);
	assert_int_equal(in(f, UART_IIR), 0x04);
	assert_int_equal(in(f, UART_RBR), 'q');
	assert_int_equal(in(f, UART_IIR), 0x02);
	assert_int_equal(in(f, UART_IIR), 0x01);
}

static void test_fcr_fifo_bits_in_iir(void **state)
{
	struct fixture *f = *state;

	out(f, UART_FCR, 0x01);
	assert_int_equal(in(f, UART_IIR), 0xc1);
	out(f, UART_IER, 0x02);
	assert_int_equal(in(f, UART_IIR), 0xc2);
	out(f, UART_FCR, 0x00);
	assert_int_equal(in(f, UART_IIR), 0x01);
}

static void test_fcr_resets_rx_fifo(void **state)
{
	struct fixture *f = *state;

	out(f, UART_FCR, 0x01);
	assert_int_equal(uart16550_receive(f->uart, '1'), 0);
	assert_int_equal(uart16550_receive(f->uart, '2'), 0);
	out(f, UART_FCR, 0x02);                    /* bit 0 off: FIFOs off */
	assert_int_equal(in(f, UART_LSR), 0x60);   /* ... and emptied */
	out(f, UART_FCR, 0x01);
	assert_int_equal(uart16550_receive(f->uart, '3'), 0);
	out(f, UART_FCR, 0x01);                    /* no reset bit: kept */
	assert_int_equal(in(f, UART_LSR), 0x61);
	out(f, UART_FCR, 0x07);                    /* reset RX and TX */
	assert_int_equal(in(f, UART_LSR), 0x60);
	assert_int_equal(in(f, UART_IIR), 0xc1);   /* FIFOs still on */
}

static void test_rx_fifo_order_and_dr(void **state)
{
	struct fixture *f = *state;
	struct uart16550_counters c;

	out(f, UART_FCR, 0x01);
	for (int i = 0; i < 16; i++)
		assert_int_equal(uart16550_receive(f->uart, 'a' + i), 0);
	assert_int_equal(in(f, UART_LSR), 0x61);
	for (int i = 0; i < 16; i++)
		assert_int_equal(in(f, UART_RBR), 'a' + i);
	assert_int_equal(in(f, UART_LSR), 0x60);
	assert_int_equal(in(f, UART_RBR), 0x00);   /* empty reads 0 */
	/* Wrap around the ring: the order survives. */
	assert_int_equal(uart16550_receive(f->uart, 'y'), 0);
	assert_int_equal(uart16550_receive(f->uart, 'z'), 0);
	assert_int_equal(in(f, UART_RBR), 'y');
	assert_int_equal(in(f, UART_RBR), 'z');
	uart16550_get_counters(f->uart, &c);
	assert_int_equal(c.rx_bytes, 18);
	assert_int_equal(c.tx_bytes, 0);
}

static void test_overrun_sets_oe(void **state)
{
	struct fixture *f = *state;
	struct uart16550_counters c;

	out(f, UART_FCR, 0x01);
	for (int i = 0; i < 16; i++)
		assert_int_equal(uart16550_receive(f->uart, (uint8_t)i), 0);
	assert_int_equal(uart16550_receive(f->uart, 0x99), -EAGAIN);
	assert_int_equal(in(f, UART_LSR), 0x63);   /* OE | DR */
	assert_int_equal(in(f, UART_LSR), 0x61);   /* the read cleared OE */
	for (int i = 0; i < 16; i++)
		assert_int_equal(in(f, UART_RBR), i);  /* nothing overwritten */
	uart16550_get_counters(f->uart, &c);
	assert_int_equal(c.rx_bytes, 16);
	assert_int_equal(c.overruns, 1);
}

static void test_16450_mode_holds_one_byte(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(uart16550_receive(f->uart, 'x'), 0);
	assert_int_equal(uart16550_receive(f->uart, 'y'), -EAGAIN);
	assert_int_equal(in(f, UART_LSR), 0x63);
	assert_int_equal(in(f, UART_RBR), 'x');
	assert_int_equal(uart16550_receive(f->uart, 'y'), 0);
	assert_int_equal(in(f, UART_RBR), 'y');
}

static void test_loopback_thr_to_rbr(void **state)
{
	struct fixture *f = *state;
	struct uart16550_counters c;

	out(f, UART_MCR, 0x10);
	out(f, UART_THR, 'L');
	assert_int_equal(f->nsent, 0);             /* not to the host */
	assert_int_equal(in(f, UART_LSR), 0x61);
	assert_int_equal(in(f, UART_RBR), 'L');
	/* The line is disconnected: host bytes cannot get in. */
	assert_int_equal(uart16550_receive(f->uart, 'h'), -EAGAIN);
	assert_int_equal(in(f, UART_LSR), 0x60);   /* and that is no overrun */
	out(f, UART_MCR, 0x00);
	out(f, UART_THR, 'T');
	assert_int_equal(f->nsent, 1);
	assert_int_equal(f->sent[0], 'T');
	uart16550_get_counters(f->uart, &c);
	assert_int_equal(c.tx_bytes, 1);
	assert_int_equal(c.rx_bytes, 0);
}

static void test_loopback_msr_mirrors_mcr(void **state)
{
	static const struct { uint8_t mcr, msr; } wiring[] = {
		{ 0x02, 0x10 },   /* RTS  -> CTS */
		{ 0x01, 0x20 },   /* DTR  -> DSR */
		{ 0x04, 0x40 },   /* OUT1 -> RI */
		{ 0x08, 0x80 },   /* OUT2 -> DCD */
	};
	struct fixture *f = *state;

	out(f, UART_MCR, 0x1f);
	/* CTS, DSR, DCD stayed on; RI rose, which is no delta. */
	assert_int_equal(in(f, UART_MSR), 0xf0);
	assert_int_equal(in(f, UART_MCR), 0x1f);
	for (size_t i = 0; i < sizeof(wiring) / sizeof(wiring[0]); i++) {
		out(f, UART_MCR, 0x10 | wiring[i].mcr);
		in(f, UART_MSR);                   /* clear the deltas */
		assert_int_equal(in(f, UART_MSR), wiring[i].msr);
	}
	out(f, UART_MCR, 0x00);                    /* the terminal is back: */
	assert_int_equal(in(f, UART_MSR), 0xb3);   /* CTS, DSR rose; DCD stayed */
	assert_int_equal(in(f, UART_MSR), 0xb0);
}

static void test_msr_teri_on_trailing_edge(void **state)
{
	struct fixture *f = *state;

	out(f, UART_MCR, 0x14);                    /* loop, OUT1 -> RI on */
	in(f, UART_MSR);
	out(f, UART_MCR, 0x10);                    /* RI falls */
	assert_int_equal(in(f, UART_MSR), 0x04);   /* TERI only */
	assert_int_equal(in(f, UART_MSR), 0x00);
}

static void test_mcr_uses_five_bits(void **state)
{
	struct fixture *f = *state;

	out(f, UART_MCR, 0xe3);
	assert_int_equal(in(f, UART_MCR), 0x03);
}

static void test_scr_and_lcr_read_back(void **state)
{
	struct fixture *f = *state;

	out(f, UART_SCR, 0x5a);
	assert_int_equal(in(f, UART_SCR), 0x5a);
	out(f, UART_SCR, 0xa5);
	assert_int_equal(in(f, UART_SCR), 0xa5);
	out(f, UART_LCR, 0x1b);
	assert_int_equal(in(f, UART_LCR), 0x1b);
}

static void test_lsr_msr_writes_ignored(void **state)
{
	struct fixture *f = *state;

	out(f, UART_LSR, 0x1f);
	out(f, UART_MSR, 0x0f);
	assert_int_equal(in(f, UART_LSR), 0x60);
	assert_int_equal(in(f, UART_MSR), 0xb0);
}

static void test_irq_line_levels(void **state)
{
	struct fixture *f = *state;

	uart16550_set_irq(f->uart, irq_log_record, &f->irq);
	assert_int_equal(f->irq.count, 1);         /* told the level at once */
	assert_int_equal(f->irq.levels[0], 0);
	out(f, UART_IER, 0x02);
	in(f, UART_IIR);                           /* THRE acknowledged */
	out(f, UART_THR, 'a');
	out(f, UART_IER, 0x00);
	out(f, UART_IER, 0x01);                    /* nothing to receive */
	assert_int_equal(uart16550_receive(f->uart, 'b'), 0);
	in(f, UART_RBR);
	assert_int_equal(f->irq.count, 7);         /* changes only */
	assert_int_equal(f->irq.levels[1], 1);     /* ETBEI on */
	assert_int_equal(f->irq.levels[2], 0);     /* IIR read */
	assert_int_equal(f->irq.levels[3], 1);     /* THR written */
	assert_int_equal(f->irq.levels[4], 0);     /* IER off */
	assert_int_equal(f->irq.levels[5], 1);     /* a byte arrived */
	assert_int_equal(f->irq.levels[6], 0);     /* the guest read it */
	uart16550_set_irq(f->uart, NULL, NULL);
	out(f, UART_IER, 0x02);                    /* no callback: no crash */
	assert_int_equal(f->irq.count, 7);
}

static void test_irq_connected_while_pending(void **state)
{
	struct fixture *f = *state;

	out(f, UART_IER, 0x02);
	uart16550_set_irq(f->uart, irq_log_record, &f->irq);
	assert_int_equal(f->irq.count, 1);
	assert_int_equal(f->irq.levels[0], 1);
}

/* Wider accesses are byte accesses to the first register. */
static void test_wide_access_is_byte_access(void **state)
{
	struct fixture *f = *state;

	out_sized(f, UART_THR, 2, 0x4241);
	assert_int_equal(f->nsent, 1);
	assert_int_equal(f->sent[0], 0x41);
	out_sized(f, UART_SCR, 4, 0x11223344);
	assert_int_equal(in_sized(f, UART_SCR, 4), 0x44);
	assert_int_equal(in_sized(f, UART_LSR, 2), 0x60);
}

static void test_null_sink_counts_and_drops(void **state)
{
	struct bus bus;
	struct uart16550 *uart;
	struct uart16550_counters c;
	uint64_t value = 'n';

	(void)state;
	bus_init(&bus);
	assert_int_equal(uart16550_init(&uart, &bus, PORT_COM1, NULL), 0);
	assert_non_null(bus_pio_access(&bus, PORT_COM1, 1, true, &value));
	uart16550_get_counters(uart, &c);
	assert_int_equal(c.tx_bytes, 1);
	uart16550_free(uart);
}

static void test_init_fails_on_taken_ports(void **state)
{
	struct fixture *f = *state;
	struct uart16550 *second = NULL;

	assert_int_equal(uart16550_init(&second, &f->bus, PORT_COM1 + 4,
					NULL), -EEXIST);
	assert_null(second);
	assert_int_equal(f->bus.pio.count, 1);
	uart16550_free(NULL);
}

/* reg's name now, written or read, and whether it carries characters. */
static void assert_reg(struct fixture *f, unsigned reg, bool is_write,
		       const char *name, bool data)
{
	bool is_data = !data;

	assert_string_equal(uart16550_reg_name(f->uart, reg, is_write,
					       &is_data), name);
	assert_int_equal(is_data, data);
}

/* The names a front end shows follow DLAB as the accesses do: offsets 0
 * and 1 are the divisor latch while LCR bit 7 is set (table II). */
static void test_reg_names_follow_dlab(void **state)
{
	static const char *const rd[8] = { "RBR", "IER", "IIR", "LCR",
					   "MCR", "LSR", "MSR", "SCR" };
	static const char *const wr[8] = { "THR", "IER", "FCR", "LCR",
					   "MCR", "LSR", "MSR", "SCR" };
	struct fixture *f = *state;
	bool data;

	for (unsigned r = 0; r < 8; r++) {
		assert_reg(f, r, false, rd[r], r == 0);
		assert_reg(f, r, true, wr[r], r == 0);
	}
	out(f, 3, 0x80);
	assert_reg(f, 0, true, "DLL", false);
	assert_reg(f, 0, false, "DLL", false);
	assert_reg(f, 1, true, "DLM", false);
	assert_reg(f, 1, false, "DLM", false);
	assert_reg(f, 2, true, "FCR", false);
	assert_reg(f, 3, true, "LCR", false);
	out(f, 3, 0x03);
	assert_reg(f, 0, true, "THR", true);
	assert_reg(f, 1, true, "IER", false);
	assert_null(uart16550_reg_name(f->uart, 8, true, &data));
	assert_false(data);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_reset_state),
		T(test_eight_ports_claimed),
		T(test_thr_reaches_sink),
		T(test_dlab_divisor_latch),
		T(test_dlab_hides_rbr),
		T(test_reg_names_follow_dlab),
		T(test_ier_uses_four_bits),
		T(test_iir_source_needs_ier),
		T(test_iir_priority_order),
		T(test_thre_cleared_by_iir_read),
		T(test_thre_kept_behind_higher_source),
		T(test_fcr_fifo_bits_in_iir),
		T(test_fcr_resets_rx_fifo),
		T(test_rx_fifo_order_and_dr),
		T(test_overrun_sets_oe),
		T(test_16450_mode_holds_one_byte),
		T(test_loopback_thr_to_rbr),
		T(test_loopback_msr_mirrors_mcr),
		T(test_msr_teri_on_trailing_edge),
		T(test_mcr_uses_five_bits),
		T(test_scr_and_lcr_read_back),
		T(test_lsr_msr_writes_ignored),
		T(test_irq_line_levels),
		T(test_irq_connected_while_pending),
		T(test_wide_access_is_byte_access),
		cmocka_unit_test(test_null_sink_counts_and_drops),
		T(test_init_fails_on_taken_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
