# scripts/vmscope-completion.bash - bash completion for vmscope, installed
# by `make install` as share/bash-completion/completions/vmscope.
#
# Everything is asked of vmscope itself, so the completion cannot drift
# from the binary: `vmscope --list-commands` (a command and what it takes,
# one a line), `vmscope --list-options COMMAND` ("--name ARG" one a line;
# an ARG like kvm|soft|auto is the words it may be), `vmscope guests` and
# `vmscope lessons` (a name first on each line).  Plain bash: `complete` and
# `compgen`, no bash-completion helpers.

# The argument an option of command $1 takes ("FILE", "kvm|soft|auto"),
# empty for a flag or an unknown option $2.
_vmscope_option_arg() {
	local name arg
	while read -r name arg; do
		if [ "$name" = "$2" ]; then
			printf '%s\n' "$arg"
			return
		fi
	done < <("$_vmscope_bin" --list-options "$1" 2>/dev/null)
}

# The first word of each line vmscope prints for its arguments ($@).
_vmscope_names() {
	"$_vmscope_bin" "$@" 2>/dev/null | cut -d' ' -f1
}

# The candidates for the word $cur where an argument named $1 goes: its
# words (kvm|soft|auto), a file, a guest, a lesson, a command.
_vmscope_values() {
	case "$1" in
	*"|"*) compgen -W "${1//|/ }" -- "$cur" ;;
	FILE) compgen -f -- "$cur" ;;
	*GUEST*) compgen -W "$(_vmscope_names guests)" -- "$cur"; compgen -f -- "$cur" ;;
	*LESSON*) compgen -W "$(_vmscope_names lessons)" -- "$cur"; compgen -f -- "$cur" ;;
	*COMMAND*) compgen -W "$(_vmscope_names --list-commands)" -- "$cur" ;;
	esac
}

_vmscope() {
	local _vmscope_bin=${COMP_WORDS[0]}
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd arg
	COMPREPLY=()

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(_vmscope_names --list-commands) --help
			--version --list-commands --list-options" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	if [ "$cmd" = --list-options ]; then
		COMPREPLY=($(_vmscope_values COMMAND))
		return
	fi
	# the value of the option before the cursor (nothing to offer for N,
	# TEXT, EVENT ...: the user types it)
	case "$prev" in
	--*)
		arg=$(_vmscope_option_arg "$cmd" "$prev")
		if [ -n "$arg" ]; then
			COMPREPLY=($(_vmscope_values "$arg"))
			return
		fi
		;;
	esac
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(_vmscope_names --list-options "$cmd" | grep -- "^$cur"))
		return
	fi
	# an operand: GUEST, LESSON..., [COMMAND] as --list-commands says
	COMPREPLY=($(_vmscope_values "$("$_vmscope_bin" --list-commands \
		2>/dev/null | sed -n "s/^$cmd //p")"))
}
complete -F _vmscope vmscope
