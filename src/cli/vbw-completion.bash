# bash completion for vbw. Installed by `cmake --install` into
# share/bash-completion/completions/vbw. Commands and options come from vbw's
# own --help, VM names from `vbw list -q`, so this file never lists them
# itself and cannot fall out of step with the program.
_vbw() {
    local cur=${COMP_WORDS[COMP_CWORD]} cmd="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        --vboxmanage | --transcript) ((i++)) ;;
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --help 2>/dev/null |
                sed -n 's/^  \(-[a-z]\)\{0,1\},\{0,1\} *\(--[a-z-]*\).*/\1 \2/p')" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --help 2>/dev/null |
                sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')" -- "$cur"))
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "$cmd" --help 2>/dev/null |
            sed -n '/^Options:/,$s/^  \(-.\)\{0,1\},\{0,1\} *\(--[a-z-]*\).*/\1 \2/p')" -- "$cur"))
        return
    fi
    case $cmd in
    record | replay | job) COMPREPLY=($(compgen -f -- "$cur")) ;;
    list | doctor | gc) ;;
    *)
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" list -q 2>/dev/null)" -- "$cur"))
        ;;
    esac
}
complete -F _vbw vbw
