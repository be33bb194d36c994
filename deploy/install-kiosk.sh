#!/bin/bash
# Turn a Debian 12 PC into a locked-down court kiosk: the steps of docs/INSTALL.md, in its order.
#
#   deploy/install-kiosk.sh [options]            as root, on the kiosk PC
#   deploy/install-kiosk.sh --root DIR [options] stage every file under DIR instead of /; apt-get,
#                                                useradd, pip, lpadmin, runuser and the like are
#                                                printed ("would run: ...") instead of run
#
# Options (defaults in brackets):
#   --bundle DIR            install the PyInstaller bundle DIR (`make bundle`: dist/kiosk) [a virtualenv
#                           built from requirements/runtime.txt, hashes required]
#   --config FILE           install this kiosk.toml instead of writing one from deploy/kiosk.toml.in
#   --kiosk-id ID           kiosk.kiosk_id of a written config [kiosk-01]
#   --court-url URL         court.base_url of a written config (https://) [https://court.invalid/]
#   --court-ca FILE         the CA file that vouches for the court's server certificate: installed as
#                           /etc/court-kiosk/court-ca.pem (court.ca_bundle) [none: kiosk doctor names it]
#   --court-pin PIN         pin of the court server's key (`kiosk court pin CERT` prints it; court.server_pins);
#                           repeatable (the next key too, before a key change)
#   --id-reader-usb V:P     USB vendor:product of the ID reader's serial bridge [1a86:7523]
#   --receipt-printer-usb V:P  USB vendor:product of the ESC/POS receipt printer [0416:5011]
#   --printer-uri URI       make the CUPS queue for the A4 printer (lpadmin); without it: no A4 printer
#   --printer-queue NAME    its queue name [HallA4]
#   --printer-model MODEL   its lpadmin -m model [everywhere]
#   --touch-output NAME     the output the touch screen is glued to (e.g. HDMI-A-1) [none: all outputs]
#   --rotate N              the screen is turned N x 90 degrees clockwise (cage -r, touch matrix) [0]
#   --speech-model DIR      copy this Vosk model folder to /opt/court-kiosk/models/ and configure it
#   --staff NUMBER          enrol a staff member (`kiosk staff add NUMBER` asks for the PIN); repeatable
#   --no-apt                do not install Debian packages (they are there already)
#   --no-doctor             skip the first run of `kiosk doctor`
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/.." && pwd)
ROOT=""
bundle="" config_file="" kiosk_id="kiosk-01" court_url="https://court.invalid/" court_ca="" court_pins=""
id_reader_usb="1a86:7523" receipt_usb="0416:5011"
printer_uri="" printer_queue="HallA4" printer_model="everywhere"
touch_output="" rotate=0 speech_model="" staff=() apt=1 doctor=1

die() { echo "install-kiosk: $*" >&2; exit 2; }
need_arg() { [ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --root) need_arg "$@"; ROOT=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
        --bundle) need_arg "$@"; bundle=$2; shift 2 ;;
        --config) need_arg "$@"; config_file=$2; shift 2 ;;
        --kiosk-id) need_arg "$@"; kiosk_id=$2; shift 2 ;;
        --court-url) need_arg "$@"; court_url=$2; shift 2 ;;
        --court-ca) need_arg "$@"; court_ca=$2; shift 2 ;;
        --court-pin) need_arg "$@"; court_pins="${court_pins:+$court_pins,}$2"; shift 2 ;;
        --id-reader-usb) need_arg "$@"; id_reader_usb=$2; shift 2 ;;
        --receipt-printer-usb) need_arg "$@"; receipt_usb=$2; shift 2 ;;
        --printer-uri) need_arg "$@"; printer_uri=$2; shift 2 ;;
        --printer-queue) need_arg "$@"; printer_queue=$2; shift 2 ;;
        --printer-model) need_arg "$@"; printer_model=$2; shift 2 ;;
        --touch-output) need_arg "$@"; touch_output=$2; shift 2 ;;
        --rotate) need_arg "$@"; rotate=$2; shift 2 ;;
        --speech-model) need_arg "$@"; speech_model=$2; shift 2 ;;
        --staff) need_arg "$@"; staff+=("$2"); shift 2 ;;
        --no-apt) apt=0; shift ;;
        --no-doctor) doctor=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (--help lists them)" ;;
    esac
done

usb_id='^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$'
[[ $id_reader_usb =~ $usb_id ]] || die "--id-reader-usb wants VVVV:PPPP (hex), got $id_reader_usb"
[[ $receipt_usb =~ $usb_id ]] || die "--receipt-printer-usb wants VVVV:PPPP (hex), got $receipt_usb"
[[ $rotate =~ ^[0-3]$ ]] || die "--rotate wants 0, 1, 2 or 3 (quarter turns clockwise), got $rotate"
[[ $kiosk_id =~ ^[A-Za-z0-9._-]+$ ]] || die "--kiosk-id: letters, digits, . _ - only"
[[ $court_url == https://* ]] || die "--court-url must be https:// (production refuses anything else)"
[[ $printer_queue =~ ^[A-Za-z0-9_-]+$ ]] || die "--printer-queue: letters, digits, _ - only"
[[ -z $touch_output || $touch_output =~ ^[A-Za-z0-9-]+$ ]] || die "--touch-output: an output name like HDMI-A-1"
[ -z "$bundle" ] || [ -x "$bundle/kiosk" ] || die "--bundle $bundle has no kiosk executable"
[ -z "$config_file" ] || [ -f "$config_file" ] || die "--config $config_file is not a file"
[ -z "$court_ca" ] || grep -q -- "-----BEGIN CERTIFICATE-----" "$court_ca" 2>/dev/null \
    || die "--court-ca $court_ca is not a PEM certificate file"
[[ -z $court_pins || $court_pins =~ ^(sha256/)?[A-Za-z0-9+/]{43}=(,(sha256/)?[A-Za-z0-9+/]{43}=)*$ ]] \
    || die "--court-pin wants sha256/<base64 of 32 bytes> as \`kiosk court pin CERT\` prints it"
[ -z "$speech_model" ] || [ -d "$speech_model" ] || die "--speech-model $speech_model is not a folder"
if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then die "run as root (or stage with --root DIR)"; fi

KIOSK_USER=kiosk
PREFIX=/opt/court-kiosk
CONFIG=/etc/court-kiosk/kiosk.toml
MANIFEST="$ROOT/court-kiosk-install.manifest"
[ -z "$ROOT" ] || : > "$MANIFEST"

step() { printf '\n== %s\n' "$*"; }
# run CMD...: run it, or (staging) print it.
run() {
    if [ -n "$ROOT" ]; then printf 'would run:'; printf ' %q' "$@"; printf '\n'; else "$@"; fi
}
# own PATH MODE OWNER:GROUP: set mode; set the owner (staging: recorded in the manifest).
own() {
    chmod "$2" "$ROOT$1"
    if [ -n "$ROOT" ]; then printf '%s %s %s\n' "$1" "$2" "$3" >> "$MANIFEST"; else chown "$3" "$1"; fi
}
# dir PATH MODE OWNER:GROUP
dir() { mkdir -p "$ROOT$1"; own "$1" "$2" "$3"; }
# put SRC DEST MODE OWNER:GROUP: copy a file (atomically: temp name, then rename).
put() {
    mkdir -p "$(dirname "$ROOT$2")"
    cp "$1" "$ROOT$2.new"
    mv -f "$ROOT$2.new" "$ROOT$2"
    own "$2" "$3" "$4"
}
# write DEST MODE OWNER:GROUP < content
write() {
    mkdir -p "$(dirname "$ROOT$1")"
    cat > "$ROOT$1.new"
    mv -f "$ROOT$1.new" "$ROOT$1"
    own "$1" "$2" "$3"
}
packages() { sed 's/#.*//' "$@" | tr -s ' \t' '\n' | sed '/^$/d'; }

step "1. Debian packages"
if [ "$apt" = 1 ]; then
    lists=("$here/apt-packages.txt")
    [ -n "$bundle" ] || lists+=("$here/apt-packages-venv.txt")
    mapfile -t pkgs < <(packages "${lists[@]}")
    run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
fi

step "2. The kiosk user"
if [ -n "$ROOT" ] || ! id -u "$KIOSK_USER" >/dev/null 2>&1; then
    run useradd --system --user-group --home-dir /var/lib/court-kiosk --no-create-home \
        --shell /usr/sbin/nologin --comment "court kiosk" "$KIOSK_USER"
fi
for group in video render dialout lp; do
    if [ -n "$ROOT" ] || getent group "$group" >/dev/null; then run usermod -a -G "$group" "$KIOSK_USER"; fi
done
dir /var/lib/court-kiosk 0700 "$KIOSK_USER:$KIOSK_USER"
dir /var/lib/court-kiosk/data 0700 "$KIOSK_USER:$KIOSK_USER"
dir /var/lib/court-kiosk/keys 0700 "$KIOSK_USER:$KIOSK_USER"
dir /var/log/court-kiosk 0750 "$KIOSK_USER:$KIOSK_USER"

step "3. The kiosk application in $PREFIX"
dir "$PREFIX" 0755 root:root
dir "$PREFIX/bin" 0755 root:root
dir "$PREFIX/models" 0755 root:root
if [ -n "$bundle" ]; then
    run rm -rf "$PREFIX/bundle"
    run cp -a "$bundle" "$PREFIX/bundle"
    ln -sfn ../bundle/kiosk "$ROOT$PREFIX/bin/kiosk"
else
    venv=$PREFIX/venv
    run rm -rf "$venv"
    run python3 -m venv "$venv"
    # The locked pip, setuptools and wheel first, then everything with them (as the Makefile does).
    tools=$(mktemp)
    awk 'BEGIN { want["pip=="] = 1; want["setuptools=="] = 1; want["wheel=="] = 1 }
         match($0, /^[a-z]+==/) && (substr($0, 1, RLENGTH) in want) { p = 1 }
         p { print; if ($0 !~ /\\$/) p = 0 }' "$source_dir/requirements/runtime.txt" > "$tools"
    run "$venv/bin/pip" install -q --require-hashes --no-deps -r "$tools"
    run "$venv/bin/pip" install -q --require-hashes --no-build-isolation -r "$source_dir/requirements/runtime.txt"
    run "$venv/bin/pip" install -q --no-deps --no-build-isolation "$source_dir"
    rm -f "$tools"
    ln -sfn ../venv/bin/kiosk "$ROOT$PREFIX/bin/kiosk"
fi
put "$here/court-kiosk-session" /usr/lib/court-kiosk/court-kiosk-session 0755 root:root
put "$source_dir/docs/INSTALL.md" /usr/share/doc/court-kiosk/INSTALL.md 0644 root:root

step "4. Configuration /etc/court-kiosk (root:kiosk 0640)"
dir /etc/court-kiosk 0750 "root:$KIOSK_USER"
model_setting=""
if [ -n "$speech_model" ]; then
    model_setting="$PREFIX/models/$(basename "$speech_model")"
    run cp -a "$speech_model" "$model_setting"
fi
if [ -n "$config_file" ]; then
    put "$config_file" "$CONFIG" 0640 "root:$KIOSK_USER"
elif [ -e "$ROOT$CONFIG" ]; then
    echo "keeping the existing $CONFIG"
    own "$CONFIG" 0640 "root:$KIOSK_USER"
else
    a4_backend=none
    [ -z "$printer_uri" ] || a4_backend=cups
    ca_setting=""
    if [ -n "$court_ca" ]; then
        put "$court_ca" /etc/court-kiosk/court-ca.pem 0644 root:root
        ca_setting=/etc/court-kiosk/court-ca.pem
    fi
    sed -e "s|@KIOSK_ID@|$kiosk_id|" -e "s|@COURT_URL@|$court_url|" \
        -e "s|@COURT_CA@|$ca_setting|" -e "s|@COURT_PINS@|$court_pins|" \
        -e "s|@RECEIPT_PRINTER_VENDOR_INT@|0x${receipt_usb%%:*}|" \
        -e "s|@RECEIPT_PRINTER_PRODUCT_INT@|0x${receipt_usb##*:}|" \
        -e "s|@A4_BACKEND@|$a4_backend|" -e "s|@A4_QUEUE@|$([ -n "$printer_uri" ] && echo "$printer_queue")|" \
        -e "s|@SPEECH_MODEL@|$model_setting|" "$here/kiosk.toml.in" | write "$CONFIG" 0640 "root:$KIOSK_USER"
fi

step "5. The session: systemd units, logind, PAM, console"
put "$here/systemd/court-kiosk.service" /etc/systemd/system/court-kiosk.service 0644 root:root
put "$here/systemd/court-kiosk-restart.service" /etc/systemd/system/court-kiosk-restart.service 0644 root:root
put "$here/systemd/court-kiosk-restart.timer" /etc/systemd/system/court-kiosk-restart.timer 0644 root:root
if [ "$rotate" != 0 ]; then
    cage_args="-d$(printf ' -r%.0s' $(seq "$rotate"))"
    printf '[Service]\nEnvironment="CAGE_ARGS=%s"\n' "$cage_args" \
        | write /etc/systemd/system/court-kiosk.service.d/rotate.conf 0644 root:root
fi
put "$here/logind/court-kiosk.conf" /etc/systemd/logind.conf.d/court-kiosk.conf 0644 root:root
put "$here/systemd/system.conf.d/court-kiosk.conf" /etc/systemd/system.conf.d/court-kiosk.conf 0644 root:root
put "$here/pam/court-kiosk" /etc/pam.d/court-kiosk 0644 root:root
put "$here/sysctl/90-court-kiosk.conf" /etc/sysctl.d/90-court-kiosk.conf 0644 root:root
put "$here/grub/court-kiosk.cfg" /etc/default/grub.d/court-kiosk.cfg 0644 root:root
# Staging: `systemctl --root` makes the same links offline; on the PC it also reloads systemd.
systemctl_root=()
[ -z "$ROOT" ] || systemctl_root=(--root="$ROOT")
systemctl "${systemctl_root[@]}" mask ctrl-alt-del.target getty@tty7.service autovt@tty7.service
# = `systemctl set-default graphical.target`, which needs the target's unit file in the root
ln -sfn /lib/systemd/system/graphical.target "$ROOT/etc/systemd/system/default.target"
systemctl "${systemctl_root[@]}" enable court-kiosk.service court-kiosk-restart.timer
if [ -z "$ROOT" ]; then
    systemctl daemon-reload
    sysctl --quiet --load=/etc/sysctl.d/90-court-kiosk.conf || true
    if command -v update-grub >/dev/null; then update-grub; fi
else
    run systemctl daemon-reload
    run sysctl --load=/etc/sysctl.d/90-court-kiosk.conf
    run update-grub
fi

step "6. Devices: udev rules"
matrix=("1 0 0 0 1 0" "0 -1 1 1 0 0" "-1 0 1 0 -1 1" "0 1 0 -1 0 1")
sed -e "s|@ID_READER_VENDOR@|${id_reader_usb%%:*}|g" -e "s|@ID_READER_PRODUCT@|${id_reader_usb##*:}|g" \
    -e "s|@RECEIPT_PRINTER_VENDOR@|${receipt_usb%%:*}|g" -e "s|@RECEIPT_PRINTER_PRODUCT@|${receipt_usb##*:}|g" \
    -e "s|@TOUCH_MATRIX@|${matrix[$rotate]}|" \
    -e "$([ -n "$touch_output" ] && echo "s|@TOUCH_OUTPUT@|$touch_output|" || echo '/@TOUCH_OUTPUT@/s|^|# (no --touch-output) |')" \
    "$here/udev/70-court-kiosk.rules" | write /etc/udev/rules.d/70-court-kiosk.rules 0644 root:root
if [ -z "$ROOT" ] && command -v udevadm >/dev/null; then
    udevadm control --reload && udevadm trigger --action=change || true
else
    run udevadm control --reload
fi

step "7. The A4 printer's CUPS queue"
if [ -n "$printer_uri" ]; then
    run lpadmin -p "$printer_queue" -v "$printer_uri" -m "$printer_model" -E
    run lpadmin -d "$printer_queue"
else
    echo "no --printer-uri: no A4 printer (devices.a4_printer.backend = \"none\")"
fi

step "8. Sound: PulseAudio in the kiosk user's session"
# Debian's pulseaudio starts per user from the systemd user instance; lingering keeps that instance
# (and PulseAudio) running across restarts of the kiosk.
run systemctl --global enable pulseaudio.socket
# video calls record from and play through WebRTC's echo canceller (kiosk.toml [video])
write /etc/pulse/default.pa.d/court-kiosk-echo-cancel.pa 0644 root:root < "$here/pulse/court-kiosk-echo-cancel.pa"
mkdir -p "$ROOT/var/lib/systemd/linger"
: > "$ROOT/var/lib/systemd/linger/$KIOSK_USER"
own "/var/lib/systemd/linger/$KIOSK_USER" 0644 root:root

as_kiosk=(runuser -u "$KIOSK_USER" -- env "KIOSK_CONFIG=$CONFIG" QT_QPA_PLATFORM=offscreen "$PREFIX/bin/kiosk")

step "9. Staff enrolment"
if [ ${#staff[@]} -eq 0 ]; then
    echo "no --staff: enrol later with: ${as_kiosk[*]} staff add NUMBER"
fi
for number in "${staff[@]}"; do
    run "${as_kiosk[@]}" staff add "$number"
done

step "10. First run: kiosk doctor"
if [ "$doctor" = 1 ]; then
    if [ -n "$ROOT" ]; then
        run "${as_kiosk[@]}" doctor
    else
        set +e
        "${as_kiosk[@]}" doctor
        status=$?
        set -e
        if [ "$status" -eq 78 ]; then
            echo "install-kiosk: production mode refuses this configuration: fix each line above in $CONFIG," \
                 "then run \`${as_kiosk[*]} doctor\` again" >&2
            exit 78
        elif [ "$status" -ne 0 ]; then
            echo "install-kiosk: doctor found problems (above); the kiosk still starts and works offline" >&2
        fi
    fi
fi

step "Done"
if [ -n "$ROOT" ]; then
    echo "staged under $ROOT (owners in $MANIFEST)"
else
    echo "reboot: the kiosk starts on tty7 (journalctl -u court-kiosk; systemctl status court-kiosk)"
fi
