# CPUID, RDMSR/WRMSR of EFER, RDTSC, a far return through the boot GDT.
# answers:
	xor %eax, %eax
	cpuid
	mov $0xc0000080, %ecx
	rdmsr
	wrmsr
	rdtsc
	pushq $0x08
	lea 1f(%rip), %rax
	push %rax
	lretq
1:	pushfq
	popfq
	hlt
