#!/bin/bash
# Stand-in for uname, dpkg, apt-get, systemctl, hdiutil and ditto in installer tests (copied under each
# name). Logs its argv (tab-separated) and environment, does the one thing the install scripts rely
# on, and exits with STANDIN_EXIT_<name> (dashes as underscores), 0 by default.
name=${0##*/}
# uname only tells the scripts which system to act as; it is not worth a log line.
if [ "$name" = uname ]; then
  printf '%s\n' "${STANDIN_UNAME:-Linux}"
  exit 0
fi
{
  printf '%s' "$name"
  for a in "$@"; do printf '\t%s' "$a"; done
  printf '\n'
} >>"$STANDIN_LOG"
/usr/bin/env >>"$STANDIN_ENV_LOG"
code_var="STANDIN_EXIT_${name//-/_}"
[ "${!code_var:-0}" = 0 ] || exit "${!code_var}"
case "$name $1" in
  'systemctl get-default') printf '%s\n' "${STANDIN_DEFAULT_TARGET:-multi-user.target}" ;;
  'hdiutil attach')
    prev='' mnt='' image=''
    for a in "$@"; do
      [ "$prev" = -mountpoint ] && mnt=$a
      prev=$a image=$a
    done
    mkdir -p "$mnt/Planasonix Agent.app/Contents"
    printf 'copied from %s\n' "$image" >"$mnt/Planasonix Agent.app/Contents/Info.plist"
    ;;
  ditto\ *) cp -R "$1" "$2" ;;
esac
