/**
 * BusyBox applets by install directory, as `busybox --list-full` prints them for the 1.37
 * defconfig (plus `ar` and `inotifyd`, which docker-library/busybox turns on). The
 * busybox:latest image links all of them into /bin; Alpine's busybox is configured with fewer
 * (see alpine.ts).
 */
const words = (text: string) => text.trim().split(/\s+/);

export const BUSYBOX_APPLETS: Record<'bin' | 'sbin' | 'usr/bin' | 'usr/sbin', string[]> = {
  bin: words(`arch ash base32 base64 busybox cat chattr chgrp chmod chown conspy cp cpio cttyhack date dd df dmesg
    dnsdomainname dumpkmap echo ed egrep false fatattr fdflush fgrep fsync getopt grep gunzip gzip hostname hush
    ionice iostat ipcalc kbd_mode kill link linux32 linux64 ln login ls lsattr lzop makemime mkdir mknod mktemp more
    mount mountpoint mpstat mt mv netstat nice pidof ping ping6 pipe_progress printenv ps pwd reformime resume rev rm
    rmdir rpm run-parts scriptreplay sed setarch setpriv setserial sh sleep stat stty su sync tar touch true umount
    uname usleep vi watch zcat`),
  sbin: words(`acpid adjtimex arp blkid blockdev bootchartd depmod devmem fbsplash fdisk findfs freeramdisk fsck
    fsck.minix fstrim getty halt hdparm hwclock ifconfig ifdown ifenslave ifup init inotifyd insmod ip ipaddr iplink
    ipneigh iproute iprule iptunnel klogd loadkmap logread losetup lsmod makedevs mdev mkdosfs mke2fs mkfs.ext2
    mkfs.minix mkfs.vfat mkswap modinfo modprobe nameif pivot_root poweroff raidautorun reboot rmmod route run-init
    runlevel setconsole slattach start-stop-daemon sulogin swapoff swapon switch_root sysctl syslogd tc tunctl udhcpc
    uevent vconfig watchdog zcip`),
  'usr/bin': words(`[ [[ ar ascii awk basename bc beep blkdiscard bunzip2 bzcat bzip2 cal chpst chrt chvt cksum clear cmp
    comm crc32 crontab cryptpw cut dc deallocvt diff dirname dos2unix dpkg dpkg-deb du dumpleases eject env envdir
    envuidgid expand expr factor fallocate fgconsole find flock fold free ftpget ftpput fuser groups hd head hexdump
    hexedit hostid id install ipcrm ipcs killall last less logger logname lpq lpr lsof lspci lsscsi lsusb lzcat lzma
    man md5sum mesg microcom mkfifo mkpasswd nc nl nmeter nohup nproc nsenter nslookup od openvt passwd paste patch
    pgrep pkill pmap printf pscan pstree pwdx readlink realpath renice reset resize rpm2cpio runsv runsvdir rx script
    seq setfattr setkeycodes setsid setuidgid sha1sum sha256sum sha3sum sha512sum showkey shred shuf smemcap softlimit
    sort split ssl_client strings sum sv svc svok tac tail taskset tcpsvd tee telnet test tftp time timeout top tr
    traceroute traceroute6 tree truncate ts tsort tty ttysize udhcpc6 udpsvd unexpand uniq unix2dos unlink unlzma
    unshare unxz unzip uptime users uudecode uuencode vlock volname w wall wc wget which who whoami whois xargs xxd xz
    xzcat yes`),
  'usr/sbin': words(`add-shell addgroup adduser arping brctl chat chpasswd chroot crond delgroup deluser dhcprelay dnsd
    ether-wake fakeidentd fbset fdformat fsfreeze ftpd httpd i2cdetect i2cdump i2cget i2cset i2ctransfer ifplugd inetd
    killall5 loadfont lpd mim nanddump nandwrite nbd-client nologin ntpd partprobe popmaildir powertop rdate rdev
    readahead readprofile remove-shell rtcwake seedrng sendmail setfont setlogcons svlogd telnetd tftpd ubiattach
    ubidetach ubimkvol ubirename ubirmvol ubirsvol ubiupdatevol udhcpd`),
};
