#!/bin/bash
# Planasonix Agent installer for Linux (Debian/Ubuntu .deb) and macOS (.dmg).
#
#   sudo ./install.sh --token "$PLANASONIX_ENROLLMENT_TOKEN"     (as the API reference shows)
#
# --token puts the token in this script's own command line for the few seconds it runs; to keep it
# off every command line, pass it through the environment or a file instead:
#   sudo --preserve-env=PLANASONIX_ENROLLMENT_TOKEN ./install.sh
#   sudo ./install.sh --token-file /run/secrets/planasonix    (or --token-file - to read stdin)
#
# Installs the package beside this script (Linux: the .deb with apt-get or dpkg; macOS: the app out
# of the notarized .dmg into /Applications, unchanged), writes the managed config (API host, agent
# id) and the one-time enrollment token (mode 0600) that the agent reads at first start and then
# deletes. On a Linux host without a desktop session it enables the headless systemd unit. The
# token is never printed and never passed to another program's command line or environment.
set -euo pipefail
umask 077

readonly prog=install.sh
readonly unit=planasonix-agent.service
readonly app_name='Planasonix Agent.app'
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly script_dir
readonly bundled_config="$script_dir/planasonix-agent.json"

die() {
  printf '%s: error: %s\n' "$prog" "$1" >&2
  exit "${2:-1}"
}
say() { printf '%s: %s\n' "$prog" "$1"; }

usage() {
  cat <<'USAGE'
Usage: sudo ./install.sh [--token TOKEN | --token-file PATH|-] [--package FILE]
                         [--headless | --desktop]

Values (an environment variable wins over planasonix-agent.json beside this script):
  PLANASONIX_API_HOST          control plane URL, e.g. https://api.planasonix.com
  PLANASONIX_AGENT_ID          agent id, agt_…
  PLANASONIX_ENROLLMENT_TOKEN  one-time enrollment token (or --token / --token-file)
  PLANASONIX_CONFIG_DIR        where the config and token go (default: /etc/planasonix-agent on
                               Linux, /Library/Application Support/Planasonix Agent on macOS)

Linux only: --headless enables the systemd unit; --desktop leaves the agent to the tray app.
Without either, a host whose default target is graphical.target counts as a desktop.
USAGE
}

os=$(uname -s)
case "$os" in
  Linux)
    default_config_dir=/etc/planasonix-agent
    package_glob='planasonix-agent-*-linux-*.deb'
    ;;
  Darwin)
    default_config_dir='/Library/Application Support/Planasonix Agent'
    package_glob='planasonix-agent-*-mac-*.dmg'
    ;;
  *) die "unsupported system $os: this script installs on Linux and macOS (use install.ps1 on Windows)" ;;
esac
readonly config_dir="${PLANASONIX_CONFIG_DIR:-$default_config_dir}"

# Reads "key": "value" from the bundled JSON; the control plane writes one key per line.
config_value() {
  [ -f "$bundled_config" ] || return 0
  sed -n "s/^[[:space:]]*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" "$bundled_config" | head -n 1
}

token=''
token_file=''
package=''
mode=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --token)
      [ $# -ge 2 ] || die '--token needs a value'
      token=$2
      shift 2
      ;;
    --token=*)
      token=${1#--token=}
      shift
      ;;
    --token-file)
      [ $# -ge 2 ] || die '--token-file needs a path (or - for standard input)'
      token_file=$2
      shift 2
      ;;
    --package)
      [ $# -ge 2 ] || die '--package needs a file'
      package=$2
      shift 2
      ;;
    --headless) mode=headless && shift ;;
    --desktop) mode=desktop && shift ;;
    -h | --help) usage && exit 0 ;;
    -*) die "unknown option ${1%%=*} (see --help)" ;;
    # A stray word may well be a token pasted without --token: never echo it.
    *) die 'unexpected argument (not shown); options start with -- (see --help)' ;;
  esac
done

if [ "$token_file" = - ]; then
  IFS= read -r token || [ -n "$token" ] || die 'no enrollment token on standard input'
elif [ -n "$token_file" ]; then
  [ -r "$token_file" ] || die "cannot read the token file $token_file"
  IFS= read -r token <"$token_file" || [ -n "$token" ] || die "the token file $token_file is empty"
elif [ -z "$token" ]; then
  token=${PLANASONIX_ENROLLMENT_TOKEN:-}
fi
# Children (apt, dpkg, systemctl, hdiutil) must not inherit the token through the environment.
unset PLANASONIX_ENROLLMENT_TOKEN
token=${token%$'\r'}

api_host=${PLANASONIX_API_HOST:-$(config_value api_host)}
agent_id=${PLANASONIX_AGENT_ID:-$(config_value agent_id)}

missing=()
[ -n "$api_host" ] || missing+=('PLANASONIX_API_HOST (or "api_host" in planasonix-agent.json)')
[ -n "$agent_id" ] || missing+=('PLANASONIX_AGENT_ID (or "agent_id" in planasonix-agent.json)')
[ -n "$token" ] || missing+=('the enrollment token (--token, --token-file or PLANASONIX_ENROLLMENT_TOKEN)')
if [ ${#missing[@]} -gt 0 ]; then
  for value in "${missing[@]}"; do printf '%s: error: missing %s\n' "$prog" "$value" >&2; done
  die 'nothing was changed' 2
fi
[[ $api_host =~ ^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$ ]] ||
  die "PLANASONIX_API_HOST must be an http(s) URL such as https://api.planasonix.com, got $api_host" 2
[[ $agent_id =~ ^agt_[0-9a-z]{1,64}$ ]] || die "PLANASONIX_AGENT_ID must look like agt_…, got $agent_id" 2
[[ $token =~ ^plnx_enroll_[A-Za-z0-9_-]{43}$ ]] ||
  die 'the enrollment token is malformed: expected plnx_enroll_ followed by 43 characters (value not shown)' 2

if [ -z "$package" ]; then
  for candidate in "$script_dir"/$package_glob; do
    [ -f "$candidate" ] || continue
    [ -z "$package" ] || die "several packages match $package_glob next to $prog; choose one with --package" 2
    package=$candidate
  done
  [ -n "$package" ] || die "no $package_glob next to $prog; pass --package" 2
fi
[ -f "$package" ] || die "package not found: $package" 2
package=$(cd "$(dirname "$package")" && pwd)/$(basename "$package")

install_deb() {
  if command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" ||
      die "apt-get could not install the package (exit $?); no config or token was written" 3
  elif command -v dpkg >/dev/null 2>&1; then
    dpkg -i "$package" || die "dpkg could not install the package (exit $?); no config or token was written" 3
  else
    die 'neither apt-get nor dpkg is available: this script installs Debian packages' 3
  fi
}

install_dmg() {
  local applications="${PLANASONIX_APPLICATIONS_DIR:-/Applications}"
  mountpoint=$(mktemp -d "${TMPDIR:-/tmp}/planasonix-agent-dmg.XXXXXX")
  trap 'hdiutil detach -quiet "$mountpoint" >/dev/null 2>&1 || true; rmdir "$mountpoint" 2>/dev/null || true' EXIT
  hdiutil attach -nobrowse -readonly -noautoopen -mountpoint "$mountpoint" "$package" >/dev/null ||
    die "could not open $(basename "$package") (hdiutil exit $?); nothing was changed" 3
  [ -d "$mountpoint/$app_name" ] || die "$(basename "$package") holds no $app_name; nothing was changed" 3
  rm -rf "${applications:?}/$app_name"
  # ditto keeps the bundle's signature, extended attributes and symlinks exactly as notarized.
  ditto "$mountpoint/$app_name" "$applications/$app_name" || die "copying $app_name failed (exit $?)" 3
}

[ "$os" = Linux ] || [ "$mode" = auto ] || die "--$mode applies to Linux only" 2
if [ "$os" = Linux ] && [ "$mode" = auto ]; then
  mode=headless
  if command -v systemctl >/dev/null 2>&1 && [ "$(systemctl get-default 2>/dev/null || true)" = graphical.target ]; then
    mode=desktop
  fi
fi

say "installing $(basename "$package")"
if [ "$os" = Linux ]; then install_deb; else install_dmg; fi

# Under systemd the agent runs as root; the tray app runs as the user who ran sudo.
owner=root
if [ "$mode" != headless ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then owner=$SUDO_USER; fi

mkdir -p "$config_dir"
chmod 0755 "$config_dir"
config_tmp=$(mktemp "$config_dir/.planasonix-agent.json.XXXXXX")
printf '{\n  "api_host": "%s",\n  "agent_id": "%s"\n}\n' "$api_host" "$agent_id" >"$config_tmp"
chmod 0644 "$config_tmp"
mv -f "$config_tmp" "$config_dir/planasonix-agent.json"

# The token's folder belongs to the agent's account so that the agent can delete the token.
enroll_dir="$config_dir/enrollment"
mkdir -p "$enroll_dir"
chmod 0700 "$enroll_dir"
token_tmp=$(mktemp "$enroll_dir/.token.XXXXXX")
printf '%s\n' "$token" >"$token_tmp"
token=''
chmod 0600 "$token_tmp"
mv -f "$token_tmp" "$enroll_dir/token"
if [ "$owner" != root ]; then chown -R "$owner" "$enroll_dir"; fi
say "wrote $config_dir/planasonix-agent.json and the enrollment token (mode 0600, owner $owner)"

if [ "$mode" = headless ]; then
  systemctl daemon-reload
  systemctl enable --now "$unit" || die "could not enable $unit (exit $?)" 4
  say "enabled and started $unit (no desktop session); follow it with: journalctl -u $unit -f"
elif [ "$os" = Darwin ]; then
  say "open /Applications/$app_name to start the agent; it enrolls on first start"
else
  say 'desktop host: start Planasonix Agent from the applications menu; it enrolls on first start'
fi
