/*
 * cli/trace_net.c - the network card's part of the end-of-run summary
 * (when the machine has one, --net): what the receive path did, and what
 * it cost in copies and exits.
 *
 * "bytes copied" are the bytes vmscope copied into guest RAM (the
 * emulated and vhost paths, and zerocopy's fallback); "bytes placed" the
 * ones the wire wrote there directly.  Buffer utilisation is the bytes
 * frames used of the bytes the guest posted: small frames in large
 * buffers waste most of them, the cost the zero-copy literature reports.
 * Kicks are counted twice over: those that exited to vmscope, and those
 * that signalled the worker's eventfd with no exit (the backend's
 * ioeventfd: KVM_IOEVENTFD, or the software CPU's equivalent).
 *
 * Interrupts are two different things, and the rows say which: the card's
 * used-ring notifications (it sets InterruptStatus bit 0), and the rises
 * of its interrupt line.  They need not add up: a notification while the
 * line is still up - the driver has not acknowledged the last one
 * (InterruptACK), and netecho's polling driver never does - raises
 * nothing.  The rises are counted where they happen: on vmscope's
 * threads, or through the worker's irqfd with no vmscope thread
 * (--irqchip kernel), where a level still up at the guest's EOI rises
 * again.
 */
#include <inttypes.h>

#include "cli/trace_net.h"
#include "devices/virtio_net.h"

static void row(FILE *out, const char *name, uint64_t v, const char *what)
{
	fprintf(out, "    %20s %10" PRIu64 "   %s\n", name, v, what);
}

/* Per 1,000 frames, rounded down; 0 without frames. */
static uint64_t per_1000(uint64_t x, uint64_t frames)
{
	return frames ? x * 1000 / frames : 0;
}

void trace_net_text(struct vm *vm, FILE *out)
{
	struct virtio_net_counters c;
	uint64_t util;

	if (!vm->net)
		return;
	virtio_net_counters(vm->net, &c);
	util = c.posted_bytes ? c.used_bytes * 1000 / c.posted_bytes : 0;
	fprintf(out, "\nThe network card (virtio-net, path %s, wire %s):\n\n",
		net_path_names[virtio_net_path(vm->net)],
		virtio_net_wire_name(vm->net));
	row(out, "frames received", c.rx_packets, "into the guest's buffers");
	row(out, "bytes received", c.rx_bytes, "of frames (headers not counted)");
	row(out, "bytes copied", c.bytes_copied,
	    "copied by vmscope into guest RAM (header included)");
	row(out, "bytes placed", c.bytes_placed,
	    "written by the wire straight into the guest's buffers");
	row(out, "fallback copies", c.fallback_packets,
	    "frames held while the guest had posted no buffer");
	row(out, "dropped", c.rx_dropped,
	    "frames lost: too big, or no buffer and no slot");
	fprintf(out, "    %20s %8" PRIu64 ".%" PRIu64 "%%   bytes used / bytes "
		"posted\n", "buffer utilisation", util / 10, util % 10);
	row(out, "kicks", c.kicks, "QueueNotify writes that exited to vmscope");
	row(out, "kicks by eventfd", c.kicks_eventfd,
	    "QueueNotify writes that woke the worker without an exit");
	row(out, "notifications", c.interrupts,
	    "used-ring notifications: InterruptStatus bit 0 set");
	row(out, "suppressed", c.suppressed,
	    "notifications not made: the driver asked for none (EVENT_IDX)");
	row(out, "irq by vmscope", c.irq_vmscope,
	    "rises of the card's line vmscope applied (none while it is up)");
	row(out, "irq by irqfd", c.irq_irqfd,
	    "rises by the worker's irqfd, no vmscope thread (again at an EOI if up)");
	row(out, "exits per 1000", per_1000(vm->stats.total, c.rx_packets),
	    "KVM_RUN returns (exits) per 1,000 frames received");
	row(out, "frames sent", c.tx_packets, "from the guest to the wire");
	row(out, "wire errors", c.wire_errors,
	    "the wire failed a read or a write (generator: a bad echo)");
}

void trace_net_json(struct vm *vm, FILE *out)
{
	struct virtio_net_counters c;

	if (!vm->net)
		return;
	virtio_net_counters(vm->net, &c);
	fprintf(out, ",\"net\":{\"path\":\"%s\",\"rx_packets\":%" PRIu64
		",\"rx_bytes\":%" PRIu64 ",\"bytes_copied\":%" PRIu64
		",\"bytes_placed\":%" PRIu64 ",\"fallback\":%" PRIu64
		",\"dropped\":%" PRIu64 ",\"posted_bytes\":%" PRIu64
		",\"used_bytes\":%" PRIu64 ",\"kicks\":%" PRIu64
		",\"kicks_eventfd\":%" PRIu64 ",\"interrupts\":%" PRIu64
		",\"suppressed\":%" PRIu64 ",\"irq_vmscope\":%" PRIu64
		",\"irq_irqfd\":%" PRIu64 ",\"tx_packets\":%" PRIu64 ",\"wire_errors\":%" PRIu64 "}",
		net_path_names[virtio_net_path(vm->net)], c.rx_packets,
		c.rx_bytes, c.bytes_copied, c.bytes_placed,
		c.fallback_packets, c.rx_dropped, c.posted_bytes, c.used_bytes,
		c.kicks, c.kicks_eventfd, c.interrupts, c.suppressed,
		c.irq_vmscope, c.irq_irqfd, c.tx_packets, c.wire_errors);
}
