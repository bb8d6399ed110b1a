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

_vmscope() {
	local _vmscope_bin=${COMP_WORDS[0]}
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd operands arg
	COMPREPLY=()

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$("$_vmscope_bin" --list-commands 2>/dev/null |
			cut -d' ' -f1) --help --version --list-commands --list-options" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	if [ "$cmd" = --list-options ]; then
		COMPREPLY=($(compgen -W "$("$_vmscope_bin" --list-commands 2>/dev/null |
			cut -d' ' -f1)" -- "$cur"))
		return
	fi
	# the value of the option before the cursor
	case "$prev" in
	--*)
		arg=$(_vmscope_option_arg "$cmd" "$prev")
		case "$arg" in
		*"|"*) COMPREPLY=($(compgen -W "${arg//|/ }" -- "$cur")); return ;;
		FILE) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		?*) return ;;
		esac
		;;
	esac
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($("$_vmscope_bin" --list-options "$cmd" 2>/dev/null |
			cut -d' ' -f1 | grep -- "^$cur"))
		return
	fi
	operands=$("$_vmscope_bin" --list-commands 2>/dev/null |
		sed -n "s/^$cmd //p")
	case "$operands" in
	*GUEST*)
		COMPREPLY=($(compgen -W "$("$_vmscope_bin" guests 2>/dev/null |
			cut -d' ' -f1)" -- "$cur") $(compgen -f -- "$cur"))
		;;
	*LESSON*)
		COMPREPLY=($(compgen -W "$("$_vmscope_bin" lessons 2>/dev/null |
			cut -d' ' -f1)" -- "$cur") $(compgen -f -- "$cur"))
		;;
	*COMMAND*)
		COMPREPLY=($(compgen -W "$("$_vmscope_bin" --list-commands 2>/dev/null |
			cut -d' ' -f1)" -- "$cur"))
		;;
	esac
}
complete -F _vmscope vmscope
