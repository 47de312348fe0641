/**
 * Programs of debian:bookworm (minbase), read from a bookworm system: each ELF binary's path,
 * owning package, package version and real size (for placeholders), and the small shell scripts
 * among them with their real content.
 */
export const BOOKWORM_BINARIES: [path: string, pkg: string, version: string, realSize: number][] = [
  ['/usr/bin/bash', 'bash', '5.2.15-2+b8', 1265648],
  ['/usr/bin/dash', 'dash', '0.5.12-2', 125640],
  ['/usr/bin/ls', 'coreutils', '9.1-1', 151344],
  ['/usr/bin/cat', 'coreutils', '9.1-1', 44016],
  ['/usr/bin/cp', 'coreutils', '9.1-1', 151152],
  ['/usr/bin/mv', 'coreutils', '9.1-1', 142968],
  ['/usr/bin/rm', 'coreutils', '9.1-1', 72752],
  ['/usr/bin/mkdir', 'coreutils', '9.1-1', 97552],
  ['/usr/bin/rmdir', 'coreutils', '9.1-1', 56240],
  ['/usr/bin/ln', 'coreutils', '9.1-1', 72824],
  ['/usr/bin/chmod', 'coreutils', '9.1-1', 64496],
  ['/usr/bin/chown', 'coreutils', '9.1-1', 72752],
  ['/usr/bin/chgrp', 'coreutils', '9.1-1', 68656],
  ['/usr/bin/echo', 'coreutils', '9.1-1', 43856],
  ['/usr/bin/env', 'coreutils', '9.1-1', 48536],
  ['/usr/bin/grep', 'grep', '3.8-5', 203152],
  ['/usr/bin/sed', 'sed', '4.9-1', 126424],
  ['/usr/bin/tar', 'tar', '1.34+dfsg-1.2+deb12u1', 531984],
  ['/usr/bin/gzip', 'gzip', '1.12-1', 98136],
  ['/usr/bin/mount', 'mount', '2.38.1-5+deb12u3', 59704],
  ['/usr/bin/umount', 'mount', '2.38.1-5+deb12u3', 35128],
  ['/usr/bin/hostname', 'hostname', '3.23+nmu1', 22680],
  ['/usr/bin/touch', 'coreutils', '9.1-1', 109616],
  ['/usr/bin/date', 'coreutils', '9.1-1', 121904],
  ['/usr/bin/head', 'coreutils', '9.1-1', 48080],
  ['/usr/bin/tail', 'coreutils', '9.1-1', 76944],
  ['/usr/bin/sort', 'coreutils', '9.1-1', 118456],
  ['/usr/bin/uniq', 'coreutils', '9.1-1', 48080],
  ['/usr/bin/wc', 'coreutils', '9.1-1', 52280],
  ['/usr/bin/tr', 'coreutils', '9.1-1', 56208],
  ['/usr/bin/cut', 'coreutils', '9.1-1', 48112],
  ['/usr/bin/id', 'coreutils', '9.1-1', 48144],
  ['/usr/bin/whoami', 'coreutils', '9.1-1', 39792],
  ['/usr/bin/uname', 'coreutils', '9.1-1', 43888],
  ['/usr/bin/sleep', 'coreutils', '9.1-1', 43888],
  ['/usr/bin/true', 'coreutils', '9.1-1', 35664],
  ['/usr/bin/false', 'coreutils', '9.1-1', 35664],
  ['/usr/bin/test', 'coreutils', '9.1-1', 60304],
  ['/usr/bin/[', 'coreutils', '9.1-1', 68496],
  ['/usr/bin/dirname', 'coreutils', '9.1-1', 39760],
  ['/usr/bin/basename', 'coreutils', '9.1-1', 43856],
  ['/usr/bin/readlink', 'coreutils', '9.1-1', 52112],
  ['/usr/bin/find', 'findutils', '4.9.0-4', 224848],
  ['/usr/bin/xargs', 'findutils', '4.9.0-4', 72136],
  ['/usr/bin/diff', 'diffutils', '1:3.8-4', 155216],
  ['/usr/bin/mawk', 'mawk', '1.3.4.20200120-3.1', 158376],
  ['/usr/bin/perl', 'perl-base', '5.36.0-7+deb12u2', 3804432],
  ['/usr/bin/dpkg', 'dpkg', '1.21.22', 318096],
  ['/usr/bin/dpkg-query', 'dpkg', '1.21.22', 162384],
  ['/usr/bin/dpkg-deb', 'dpkg', '1.21.22', 170512],
  ['/usr/bin/dpkg-divert', 'dpkg', '1.21.22', 158264],
  ['/usr/bin/dpkg-split', 'dpkg', '1.21.22', 129520],
  ['/usr/bin/dpkg-statoverride', 'dpkg', '1.21.22', 63824],
  ['/usr/bin/dpkg-trigger', 'dpkg', '1.21.22', 88560],
  ['/usr/bin/update-alternatives', 'dpkg', '1.21.22', 59712],
  ['/usr/bin/apt', 'apt', '2.6.1', 18752],
  ['/usr/bin/apt-get', 'apt', '2.6.1', 51592],
  ['/usr/bin/apt-cache', 'apt', '2.6.1', 88456],
  ['/usr/bin/apt-config', 'apt', '2.6.1', 26944],
  ['/usr/bin/apt-mark', 'apt', '2.6.1', 59784],
  ['/usr/bin/gpgv', 'gpgv', '2.2.40-1.1+deb12u2', 474112],
  ['/usr/bin/login', 'login', '1:4.13+dfsg1-1+deb12u1', 53024],
  ['/usr/bin/su', 'util-linux', '2.38.1-5+deb12u3', 72000],
  ['/usr/bin/passwd', 'passwd', '1:4.13+dfsg1-1+deb12u1', 68248],
  ['/usr/bin/chsh', 'passwd', '1:4.13+dfsg1-1+deb12u1', 52880],
  ['/usr/bin/chfn', 'passwd', '1:4.13+dfsg1-1+deb12u1', 62672],
  ['/usr/bin/getent', 'libc-bin', '2.36-9+deb12u14', 36320],
  ['/usr/bin/locale', 'libc-bin', '2.36-9+deb12u14', 47272],
  ['/usr/bin/iconv', 'libc-bin', '2.36-9+deb12u14', 64648],
  ['/usr/bin/pwd', 'coreutils', '9.1-1', 43952],
  ['/usr/bin/stat', 'coreutils', '9.1-1', 97488],
  ['/usr/bin/df', 'coreutils', '9.1-1', 102200],
  ['/usr/bin/du', 'coreutils', '9.1-1', 175440],
  ['/usr/bin/dd', 'coreutils', '9.1-1', 89240],
  ['/usr/bin/mktemp', 'coreutils', '9.1-1', 43952],
  ['/usr/bin/tee', 'coreutils', '9.1-1', 43984],
  ['/usr/bin/md5sum', 'coreutils', '9.1-1', 52176],
  ['/usr/bin/sha256sum', 'coreutils', '9.1-1', 60368],
  ['/usr/bin/sync', 'coreutils', '9.1-1', 39824],
  ['/usr/bin/kill', 'procps', '2:4.0.2-3', 22840],
  ['/usr/bin/more', 'util-linux', '2.38.1-5+deb12u3', 59712],
  ['/usr/bin/clear', 'ncurses-bin', '6.4-4', 14584],
  ['/usr/bin/tput', 'ncurses-bin', '6.4-4', 26896],
  ['/usr/bin/run-parts', 'debianutils', '5.7-0.5~deb12u1', 27560],
  ['/usr/bin/tempfile', 'debianutils', '5.7-0.5~deb12u1', 14520],
  ['/usr/bin/nproc', 'coreutils', '9.1-1', 43920],
  ['/usr/bin/printf', 'coreutils', '9.1-1', 64432],
  ['/usr/bin/seq', 'coreutils', '9.1-1', 60336],
  ['/usr/bin/expr', 'coreutils', '9.1-1', 117808],
  ['/usr/bin/stty', 'coreutils', '9.1-1', 85008],
  ['/usr/bin/tic', 'ncurses-bin', '6.4-4', 92512],
  ['/usr/bin/infocmp', 'ncurses-bin', '6.4-4', 63808],
  ['/usr/bin/ischroot', 'debianutils', '5.7-0.5~deb12u1', 14664],
  ['/usr/bin/lsblk', 'util-linux', '2.38.1-5+deb12u3', 207168],
  ['/usr/bin/findmnt', 'util-linux', '2.38.1-5+deb12u3', 85600],
  ['/usr/bin/script', 'bsdutils', '1:2.38.1-5+deb12u3', 71992],
  ['/usr/bin/logger', 'bsdutils', '1:2.38.1-5+deb12u3', 56216],
  ['/usr/bin/wall', 'bsdutils', '1:2.38.1-5+deb12u3', 39224],
  ['/usr/bin/mesg', 'util-linux', '2.38.1-5+deb12u3', 18744],
  ['/usr/bin/rev', 'util-linux', '2.38.1-5+deb12u3', 14648],
  ['/usr/bin/setsid', 'util-linux', '2.38.1-5+deb12u3', 14648],
  ['/usr/bin/nsenter', 'util-linux', '2.38.1-5+deb12u3', 35368],
  ['/usr/bin/unshare', 'util-linux', '2.38.1-5+deb12u3', 84520],
  ['/usr/sbin/ldconfig', 'libc-bin', '2.36-9+deb12u14', 982880],
  ['/usr/sbin/useradd', 'passwd', '1:4.13+dfsg1-1+deb12u1', 159536],
  ['/usr/sbin/userdel', 'passwd', '1:4.13+dfsg1-1+deb12u1', 113608],
  ['/usr/sbin/usermod', 'passwd', '1:4.13+dfsg1-1+deb12u1', 147056],
  ['/usr/sbin/groupadd', 'passwd', '1:4.13+dfsg1-1+deb12u1', 101416],
  ['/usr/sbin/groupdel', 'passwd', '1:4.13+dfsg1-1+deb12u1', 88936],
  ['/usr/sbin/groupmod', 'passwd', '1:4.13+dfsg1-1+deb12u1', 101384],
  ['/usr/sbin/chpasswd', 'passwd', '1:4.13+dfsg1-1+deb12u1', 63856],
  ['/usr/sbin/pwck', 'passwd', '1:4.13+dfsg1-1+deb12u1', 59656],
  ['/usr/sbin/grpck', 'passwd', '1:4.13+dfsg1-1+deb12u1', 67888],
  ['/usr/sbin/nologin', 'login', '1:4.13+dfsg1-1+deb12u1', 14568],
  ['/usr/sbin/start-stop-daemon', 'dpkg', '1.21.22', 44464],
  ['/usr/sbin/agetty', 'util-linux', '2.38.1-5+deb12u3', 69112],
  ['/usr/sbin/blkid', 'util-linux', '2.38.1-5+deb12u3', 125280],
  ['/usr/sbin/fsck', 'util-linux', '2.38.1-5+deb12u3', 55664],
  ['/usr/sbin/mkfs', 'util-linux', '2.38.1-5+deb12u3', 14648],
  ['/usr/sbin/losetup', 'mount', '2.38.1-5+deb12u3', 117168],
  ['/usr/sbin/sulogin', 'util-linux', '2.38.1-5+deb12u3', 55616],
  ['/usr/sbin/killall5', 'sysvinit-utils', '3.06-4', 26944],
  ['/usr/sbin/pivot_root', 'util-linux', '2.38.1-5+deb12u3', 14648],
  ['/usr/sbin/switch_root', 'util-linux', '2.38.1-5+deb12u3', 18744],
  ['/usr/sbin/wipefs', 'util-linux', '2.38.1-5+deb12u3', 47424],
  ['/usr/sbin/fstrim', 'util-linux', '2.38.1-5+deb12u3', 76096],
  ['/usr/sbin/hwclock', 'util-linux-extra', '2.38.1-5+deb12u3', 88512],
];

export const BOOKWORM_SCRIPTS: [path: string, pkg: string, content: string][] = [
  ['/usr/bin/ldd', 'libc-bin', `#!/bin/bash
# Copyright (C) 1996-2022 Free Software Foundation, Inc.
# This file is part of the GNU C Library.

# The GNU C Library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Lesser General Public
# License as published by the Free Software Foundation; either
# version 2.1 of the License, or (at your option) any later version.

# The GNU C Library is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
# Lesser General Public License for more details.

# You should have received a copy of the GNU Lesser General Public
# License along with the GNU C Library; if not, see
# <https://www.gnu.org/licenses/>.


# This is the \`ldd' command, which lists what shared libraries are
# used by given dynamically-linked executables.  It works by invoking the
# run-time dynamic linker as a command and setting the environment
# variable LD_TRACE_LOADED_OBJECTS to a non-empty value.

# We should be able to find the translation right at the beginning.
TEXTDOMAIN=libc
TEXTDOMAINDIR=/usr/share/locale

RTLDLIST="/lib/ld-linux.so.2 /lib64/ld-linux-x86-64.so.2 /libx32/ld-linux-x32.so.2"
warn=
bind_now=
verbose=

while test $# -gt 0; do
  case "$1" in
  --vers | --versi | --versio | --version)
    echo 'ldd (Debian GLIBC 2.36-9+deb12u14) 2.36'
    printf $"Copyright (C) %s Free Software Foundation, Inc.
This is free software; see the source for copying conditions.  There is NO
warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.
" "2022"
    printf $"Written by %s and %s.
" "Roland McGrath" "Ulrich Drepper"
    exit 0
    ;;
  --h | --he | --hel | --help)
    echo $"Usage: ldd [OPTION]... FILE...
      --help              print this help and exit
      --version           print version information and exit
  -d, --data-relocs       process data relocations
  -r, --function-relocs   process data and function relocations
  -u, --unused            print unused direct dependencies
  -v, --verbose           print all information
"
    printf $"For bug reporting instructions, please see:\\\\n%s.\\\\n" \\
      "<http://www.debian.org/Bugs/>"
    exit 0
    ;;
  -d | --d | --da | --dat | --data | --data- | --data-r | --data-re | \\
  --data-rel | --data-relo | --data-reloc | --data-relocs)
    warn=yes
    shift
    ;;
  -r | --f | --fu | --fun | --func | --funct | --functi | --functio | \\
  --function | --function- | --function-r | --function-re | --function-rel | \\
  --function-relo | --function-reloc | --function-relocs)
    warn=yes
    bind_now=yes
    shift
    ;;
  -v | --verb | --verbo | --verbos | --verbose)
    verbose=yes
    shift
    ;;
  -u | --u | --un | --unu | --unus | --unuse | --unused)
    unused=yes
    shift
    ;;
  --v | --ve | --ver)
    echo >&2 $"ldd: option \\\`$1' is ambiguous"
    exit 1
    ;;
  --)		# Stop option processing.
    shift; break
    ;;
  -*)
    echo >&2 'ldd:' $"unrecognized option" "\\\`$1'"
    echo >&2 $"Try \\\`ldd --help' for more information."
    exit 1
    ;;
  *)
    break
    ;;
  esac
done

nonelf ()
{
  # Maybe extra code for non-ELF binaries.
  return 1;
}

add_env="LD_TRACE_LOADED_OBJECTS=1 LD_WARN=$warn LD_BIND_NOW=$bind_now"
add_env="$add_env LD_LIBRARY_VERSION=\\$verify_out"
add_env="$add_env LD_VERBOSE=$verbose"
if test "$unused" = yes; then
  add_env="$add_env LD_DEBUG=\\"$LD_DEBUG\${LD_DEBUG:+,}unused\\""
fi

# The following command substitution is needed to make ldd work in SELinux
# environments where the RTLD might not have permission to write to the
# terminal.  The extra "x" character prevents the shell from trimming trailing
# newlines from command substitution results.  This function is defined as a
# subshell compound list (using "(...)") to prevent parameter assignments from
# affecting the calling shell execution environment.
try_trace() (
  output=$(eval $add_env '"$@"' 2>&1; rc=$?; printf 'x'; exit $rc)
  rc=$?
  printf '%s' "\${output%x}"
  return $rc
)

case $# in
0)
  echo >&2 'ldd:' $"missing file arguments"
  echo >&2 $"Try \\\`ldd --help' for more information."
  exit 1
  ;;
1)
  single_file=t
  ;;
*)
  single_file=f
  ;;
esac

result=0
for file do
  # We don't list the file name when there is only one.
  test $single_file = t || echo "\${file}:"
  case $file in
  */*) :
       ;;
  *) file=./$file
     ;;
  esac
  if test ! -e "$file"; then
    echo "ldd: \${file}:" $"No such file or directory" >&2
    result=1
  elif test ! -f "$file"; then
    echo "ldd: \${file}:" $"not regular file" >&2
    result=1
  elif test -r "$file"; then
    RTLD=
    ret=1
    for rtld in \${RTLDLIST}; do
      if test -x $rtld; then
	dummy=\`$rtld --version 2>&1\`
	if test $? = 0; then
	  verify_out=\`\${rtld} --verify "$file"\`
	  ret=$?
	  case $ret in
	  [02]) RTLD=\${rtld}; break;;
	  esac
	fi
      fi
    done
    case $ret in
    1)
      # This can be a non-ELF binary or no binary at all.
      nonelf "$file" || {
	echo $"	not a dynamic executable" >&2
	result=1
      }
      ;;
    0|2)
      try_trace "$RTLD" "$file" || result=1
      ;;
    *)
      echo 'ldd:' \${RTLD} $"exited with unknown exit code" "($ret)" >&2
      exit 1
      ;;
    esac
  else
    echo 'ldd:' $"error: you do not have read permission for" "\\\`$file'" >&2
    result=1
  fi
done

exit $result
# Local Variables:
#  mode:ksh
# End:
`],
  ['/usr/bin/debconf', 'debconf', `#!/usr/bin/perl -w

=head1 NAME

debconf - run a debconf-using program

=cut

=head1 SYNOPSIS

 debconf [options] command [args]

=head1 DESCRIPTION

Debconf is a configuration system for Debian packages. For a debconf
overview and documentation for sysadmins, see L<debconf(7)> (in the
debconf-doc package).

The B<debconf> program runs a program under debconf's control, setting it up
to talk with debconf on stdio. The program's output is expected to be debconf
protocol commands, and it is expected to read result codes on stdin. See
L<debconf-devel(7)> for details about the debconf protocol.

The command to be run under debconf must be specified in a way that will
let your PATH find it.

This command is not the usual way that debconf is used. It's more typical
for debconf to be used via L<dpkg-preconfigure(8)> or L<dpkg-reconfigure(8)>.

=head1 OPTIONS

=over 4

=item B<-o>I<package>, B<--owner=>I<package>

Tell debconf what package the command it is running is a part of. This is
necessary to get ownership of registered questions right, and to support
unregister and purge commands properly.

=item B<-f>I<type>, B<--frontend=>I<type>

Select the frontend to use.

=item B<-p>I<value>, B<--priority=>I<value>

Specify the minimum priority of question that will be displayed.

=item B<--terse>

Enables terse output mode. This affects only some frontends.

=back

=head1 EXAMPLES

To debug a shell script that uses debconf, you might use:

 DEBCONF_DEBUG=developer debconf my-shell-prog

Or, you might use this:

 debconf --frontend=readline sh -x my-shell-prog

=head1 SEE ALSO

L<debconf-devel(7)>, L<debconf(7)>

=cut

use strict;
use Debconf::Db;
use Debconf::AutoSelect qw(:all);
use Debconf::Gettext;
use Debconf::Config;

# Find the end of the options for this command, and the beginning of the
# command to run, which may have arguments. Break those arguments out.
my (@argv, @command);
for (my $x=0; $x <= $#ARGV; $x++) {
	if ($ARGV[$x] =~ /^-(o|f|p|-(owner|frontend|priority))$/) {
		push @argv, $ARGV[$x++];
		push @argv, $ARGV[$x] if defined $ARGV[$x]; # skip option argument
		next;
	}
	elsif ($ARGV[$x] =~ /^-/) {
		push @argv, $ARGV[$x];
	}
	else {
		# end of arguments, start of command
		@command=@ARGV[$x..$#ARGV];
		last;
	}
}
@ARGV=@argv;
my $usage = gettext("Usage: debconf [options] command [args]");
my $owner='';
Debconf::Config->getopt($usage.gettext(qq{
  -o,  --owner=package		Set the package that owns the command.}),
        "o|owner=s"		=> \\$owner,
);
die "$usage\\n" unless @command;

Debconf::Db->load;
my $frontend=make_frontend();
my $confmodule=make_confmodule(@command);
$confmodule->owner($owner) if length $owner;

1 while ($confmodule->communicate);

my $code=$confmodule->exitcode;
$frontend->shutdown;
$confmodule->finish;
Debconf::Db->save;
exit $code;

=head1 AUTHOR

Joey Hess <joeyh@debian.org>

=cut
`],
  ['/usr/bin/zcat', 'gzip', `#!/bin/sh
# Uncompress files to standard output.

# Copyright (C) 2007, 2010-2022 Free Software Foundation, Inc.

# This program is free software; you can redistribute it and/or modify
# it under the terms of the GNU General Public License as published by
# the Free Software Foundation; either version 3 of the License, or
# (at your option) any later version.

# This program is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
# GNU General Public License for more details.

# You should have received a copy of the GNU General Public License along
# with this program; if not, write to the Free Software Foundation, Inc.,
# 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.

version="zcat (gzip) 1.12
Copyright (C) 2007, 2011-2018 Free Software Foundation, Inc.
This is free software.  You may redistribute copies of it under the terms of
the GNU General Public License <https://www.gnu.org/licenses/gpl.html>.
There is NO WARRANTY, to the extent permitted by law.

Written by Paul Eggert."

usage="Usage: $0 [OPTION]... [FILE]...
Uncompress FILEs to standard output.

  -f, --force       force; read compressed data even from a terminal
  -l, --list        list compressed file contents
  -q, --quiet       suppress all warnings
  -r, --recursive   operate recursively on directories
  -S, --suffix=SUF  use suffix SUF on compressed files
      --synchronous synchronous output (safer if system crashes, but slower)
  -t, --test        test compressed file integrity
  -v, --verbose     verbose mode
      --help        display this help and exit
      --version     display version information and exit

With no FILE, or when FILE is -, read standard input.

Report bugs to <bug-gzip@gnu.org>."

case $1 in
--help)    printf '%s\\n' "$usage"   || exit 1; exit;;
--version) printf '%s\\n' "$version" || exit 1; exit;;
esac

exec gzip -cd "$@"
`],
  ['/usr/bin/gunzip', 'gzip', `#!/bin/sh
# Uncompress files.  This is the inverse of gzip.

# Copyright (C) 2007, 2010-2022 Free Software Foundation, Inc.

# This program is free software; you can redistribute it and/or modify
# it under the terms of the GNU General Public License as published by
# the Free Software Foundation; either version 3 of the License, or
# (at your option) any later version.

# This program is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
# GNU General Public License for more details.

# You should have received a copy of the GNU General Public License along
# with this program; if not, write to the Free Software Foundation, Inc.,
# 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.

version="gunzip (gzip) 1.12
Copyright (C) 2007, 2011-2018 Free Software Foundation, Inc.
This is free software.  You may redistribute copies of it under the terms of
the GNU General Public License <https://www.gnu.org/licenses/gpl.html>.
There is NO WARRANTY, to the extent permitted by law.

Written by Paul Eggert."

usage="Usage: $0 [OPTION]... [FILE]...
Uncompress FILEs (by default, in-place).

Mandatory arguments to long options are mandatory for short options too.

  -c, --stdout      write on standard output, keep original files unchanged
  -f, --force       force overwrite of output file and compress links
  -k, --keep        keep (don't delete) input files
  -l, --list        list compressed file contents
  -n, --no-name     do not save or restore the original name and timestamp
  -N, --name        save or restore the original name and timestamp
  -q, --quiet       suppress all warnings
  -r, --recursive   operate recursively on directories
  -S, --suffix=SUF  use suffix SUF on compressed files
      --synchronous synchronous output (safer if system crashes, but slower)
  -t, --test        test compressed file integrity
  -v, --verbose     verbose mode
      --help        display this help and exit
      --version     display version information and exit

With no FILE, or when FILE is -, read standard input.

Report bugs to <bug-gzip@gnu.org>."

case $1 in
--help)    printf '%s\\n' "$usage"   || exit 1; exit;;
--version) printf '%s\\n' "$version" || exit 1; exit;;
esac

exec gzip -d "$@"
`],
  ['/usr/sbin/add-shell', 'debianutils', `#!/bin/sh -e

if test $# -eq 0
then
        echo "usage: $0 shellname [shellname ...]"
        exit 1
fi

file="$DPKG_ROOT/etc/shells"
# I want this to be GUARANTEED to be on the same filesystem as $file
tmpfile="\${file}.tmp"

set -o noclobber

cleanup() {
	rm -f "$tmpfile"
}
trap cleanup EXIT

if ! cat "$file" > "$tmpfile"
then
        cat 1>&2 <<EOF
Either another instance of $0 is running, or it was previously interrupted.
Please examine \${tmpfile} to see if it should be moved onto \${file}.
EOF
        exit 1
fi

for i
do
        REALDIR="$(dirname "$(realpath -m "$i")")/$(basename "$i")"
        for j in "$i" "$REALDIR"
        do
                if ! grep -q "^\${j}$" "$tmpfile"
                then
                        echo "$j" >> "$tmpfile"
                fi
        done
done

chmod --reference="\${file}" "\${tmpfile}" || chmod $(stat -c %a "\${file}") "\${tmpfile}"
chown --reference="\${file}" "\${tmpfile}" || chown $(stat -c %U "\${file}") "\${tmpfile}"

mv -Z "\${tmpfile}" "\${file}" || mv "\${tmpfile}" "\${file}"

trap "" EXIT
exit 0
`],
  ['/usr/sbin/remove-shell', 'debianutils', `#!/bin/sh -e

if test $# -eq 0
then
        echo "usage: $0 shellname [shellname ...]" 1>&2
        exit 1
fi

file="$DPKG_ROOT/etc/shells"
# I want this to be GUARANTEED to be on the same filesystem as $file
tmpfile="\${file}.tmp"
otmpfile="\${file}.tmp2"

set -o noclobber

cleanup() {
	rm -f "$tmpfile" "$otmpfile"
}
trap cleanup EXIT

if ! cat "$file" > "$tmpfile"
then
        cat 1>&2 <<EOF
Either another instance of $0 is running, or it was previously interrupted.
Please examine \${tmpfile} to see if it should be moved onto \${file}.
EOF
        exit 1
fi

# this is supposed to be reliable, not pretty
for i
do
        REALDIR="$(dirname "$(realpath -m "$i")")/$(basename "$i")"
        for j in "$i" "$REALDIR"
        do
                grep -v "^\${j}$" "$tmpfile" > "$otmpfile" || true
                mv "$otmpfile" "$tmpfile"
        done
done

chmod --reference="\${file}" "\${tmpfile}" || chmod $(stat -c %a "\${file}") "\${tmpfile}"
chown --reference="\${file}" "\${tmpfile}" || chown $(stat -c %U "\${file}") "\${tmpfile}"

mv -Z "\${tmpfile}" "\${file}" || mv "\${tmpfile}" "\${file}"

trap "" EXIT
exit 0
`],
  ['/usr/sbin/installkernel', 'debianutils', `#!/bin/sh
# 
# Copyright (C) 1995 - 1998, Ian A. Murdock <imurdock@debian.org>
# Copyright (C) 1998, 1999, Guy Maor
# Copyright (C) 2002, Matthew Wilcox
# Copyright (C) 2002, 2004, 2005, 2007, 2009  Clint Adams
# Copyright (C) 2009  Manoj Srivasta
#
# Install the kernel on a Debian Linux system.
#
# This script is called from /usr/src/linux/arch/i386/boot/install.sh.
# If you install it as /sbin/installkernel, you can do a "make install"
# from a generic kernel source tree, and the image will be installed to
# the proper place for Debian GNU/Linux.

set -e

# Parse the command line options.  Of course, powerpc has to be all
# different, and passes in a fifth argument, just because it is
# "special". We ignore the fifth argument, and do not flag is as an
# error, which it would be for any arch apart from powerpc
if [ $# -eq 3 ] || [ $# -eq 4 ] || [ $# -eq 5 ] ; then
  img="$2"
  map="$3"
  ver="$1"
  if [ $# -ge 4 ] && [ -n "$4" ] ; then
      dir="$4"
  else
      dir="/boot"
  fi
else
  echo "Usage: installkernel <version> <image> <System.map> <directory>"
  exit 1
fi

# Create backups of older versions before installing
updatever () {
  if [ -f "$dir/$1-$ver" ] ; then
    mv "$dir/$1-$ver" "$dir/$1-$ver.old"
  fi

  cat "$2" > "$dir/$1-$ver"

  # This section is for backwards compatibility only
  if test -f "$dir/$1" || test -h "$dir/$1" ; then
    # The presence of "$dir/$1" is unusual in modern intallations, and
    # the results are mostly unused.  So only recreate them if they
    # already existed.
    if test -L "$dir/$1" ; then
        # If we were using links, continue to use links, updating if
        # we need to.
        if [ "$(readlink -f \${dir}/\${1})" = "\${dir}/\${1}-\${ver}" ]; then
            # Yup, we need to change
            ln -sf "$1-$ver.old" "$dir/$1.old"
        else
            mv "$dir/$1" "$dir/$1.old"
        fi
        ln -sf "$1-$ver" "$dir/$1"
    else                        # No links
        mv "$dir/$1" "$dir/$1.old"
        cat "$2" > "$dir/$1"
    fi
  fi
}

if [ "$(basename $img)" = "vmlinux" ] ; then
  img_dest=vmlinux
else
  img_dest=vmlinuz
fi
updatever $img_dest "$img"
updatever System.map "$map"

config=$(dirname "$map")
config="\${config}/.config"
if [ -f "$config" ] ; then
  updatever config "$config"
fi

# If installing in the usual directory, run the same scripts that hook
# into kernel package installation.  Also make sure the PATH includes
# /usr/sbin and /sbin, just as dpkg would.
if [ "$dir" = "/boot" ]; then
  PATH="$PATH:/usr/sbin:/sbin" \\
    run-parts --verbose --exit-on-error --arg="$ver" --arg="$dir/$img_dest-$ver" \\
    /etc/kernel/postinst.d
fi
 
exit 0
`],
  ['/usr/sbin/dpkg-preconfigure', 'debconf', `#!/usr/bin/perl -w
# This file was preprocessed, do not edit!



BEGIN {
	eval qq{
		use strict;
		use File::Path qw(make_path remove_tree);
		use FileHandle;
		use Debconf::Log qw(:all);
		use Debconf::Db;
		use Debconf::Template;
		use Debconf::Config;
		use Debconf::AutoSelect qw(:all);
		use Debconf::Gettext;
		use Debconf::Path;
	};
	if ($@) {
		print STDERR "debconf: Perl may be unconfigured ($@) -- aborting\\n";
		exit 0;
	}
}

if (exists $ENV{DEBCONF_USE_CDEBCONF} and $ENV{DEBCONF_USE_CDEBCONF} ne '') {
    exec "/usr/lib/cdebconf/dpkg-preconfigure", @ARGV;
}

Debconf::Db->load;

my $apt=0;
Debconf::Config->getopt(
qq{Usage: dpkg-preconfigure [options] [debs]
       --apt			Apt mode.},
	"apt"			=> \\$apt,
);

$|=1;

my @debs=@ARGV;
@ARGV=();

my $have_tty=1;

if ($apt) {
	while (<>) {
		chomp;
		push @debs, $_ if length $_;
	}
	
	exit unless @debs;
	
	$have_tty=0 unless open (STDIN, "/dev/tty");
}
elsif (! @debs) {
	print STDERR sprintf("dpkg-preconfigure: ".gettext("must specify some debs to preconfigure")), "\\n";
	exit(1);
}

if (! Debconf::Path::find("apt-extracttemplates")) {
	warn gettext("delaying package configuration, since apt-utils is not installed");
	exit;
}

my $frontend=make_frontend();

if (! $have_tty && $frontend->need_tty) {
	print STDERR sprintf("dpkg-preconfigure: ".gettext("unable to re-open stdin: %s"), $!)."\\n";
	exit 0;
}

my $tempdir='/var/cache/debconf/tmp.ci';
remove_tree($tempdir, { safe => 1, keep_root => 1 });
make_path($tempdir);

my ($package, $version, $template, $config);
unless (open(INFO, "-|")) {
	my $command_max=20000; # LINUX SPECIFIC!!
	my $static_len=length("apt-extracttemplates");
	my $len=$static_len;
	my @collect;
	my $progress=0;
	my $show_progress=($apt && @debs > 30 && -t STDERR);
	if ($show_progress) {
		STDERR->autoflush(1);
	}
	foreach my $deb (@debs) {
		$len += length($deb) + 1;
		if ($len < $command_max && @collect < 30) {
			push @collect, $deb;
		}
		else {
			if (system("apt-extracttemplates", "--tempdir", $tempdir, @collect) != 0) {
				print STDERR sprintf("debconf: ".gettext("apt-extracttemplates failed: %s")."\\n",$!);
			}
			if ($show_progress) {
				$progress += @collect;
				printf STDERR "\\r".gettext("Extracting templates from packages: %d%%"), $progress * 100 / @debs;
			}
				
			@collect=($deb);
			$len=$static_len + length($deb) + 1;
		}
	}
	if (system("apt-extracttemplates", "--tempdir", $tempdir, @collect) != 0) {
		print STDERR sprintf("debconf: ".gettext("apt-extracttemplates failed: %s")."\\n",$!);
	}
	if ($show_progress) {
		$progress += @collect;
		printf STDERR "\\r".gettext("Extracting templates from packages: %d%%")."\\n", $progress * 100 / @debs;
	}
	exit;
}
my @buffer=<INFO>;
if ($apt && @buffer) {
	print gettext("Preconfiguring packages ...\\n");
}
foreach my $line (@buffer) {
	($package, $version, $template, $config)=split /\\s/, $line;
	
	if (defined $template && length $template) {
		eval q{
			Debconf::Template->load($template, $package)
		};
		unlink $template;
		if ($@) {
			print STDERR "$package ".sprintf(gettext("template parse error: %s"), $@)."\\n";
			unlink $config;
			next;
		}
	}
}

foreach my $line (@buffer) {
	($package, $version, $template, $config)=split /\\s/, $line;

	if (defined $config && length $config && -e $config) {
		debug user => sprintf("preconfiguring %s (%s)",$package,$version);
		chmod(0755, $config) or
			die sprintf(gettext("debconf: can't chmod: %s"), $!);
		$frontend->default_title($package);
		$frontend->info(undef);
		my $confmodule=make_confmodule($config, 'configure', $version);
		$confmodule->owner($package);
		1 while ($confmodule->communicate);
		if ($confmodule->exitcode > 0) {
			print STDERR sprintf(
				gettext("%s failed to preconfigure, with exit status %s"),
				$package, $confmodule->exitcode)."\\n";
		}
		unlink $config;
	}
}

$frontend->shutdown;

Debconf::Db->save;

remove_tree($tempdir, { safe => 1, keep_root => 1 });


`],
  ['/usr/sbin/dpkg-reconfigure', 'debconf', `#!/usr/bin/perl -w
# This file was preprocessed, do not edit!



if (exists $ENV{DEBCONF_USE_CDEBCONF} and $ENV{DEBCONF_USE_CDEBCONF} ne '') {
    exec "/usr/lib/cdebconf/dpkg-reconfigure", @ARGV;
}

use strict;
use Cwd;
use Debconf::Db;
use Debconf::Gettext;
use Debconf::Template;
use Debconf::Config;
use Debconf::AutoSelect qw(:all);
use Debconf::Log qw(:all);

Debconf::Config->priority('low');

my $unseen_only=0;
my $force=0;
my $default_priority=0;
my $reload=1;
Debconf::Config->getopt(
gettext(qq{Usage: dpkg-reconfigure [options] packages
  -u,  --unseen-only		Show only not yet seen questions.
       --default-priority	Use default priority instead of low.
       --force			Force reconfiguration of broken packages.
       --no-reload		Do not reload templates. (Use with caution.)}),
	"unseen-only|u"		=> \\$unseen_only,
	"default-priority"	=> \\$default_priority,
	"force"			=> \\$force,
	"reload!"		=> \\$reload,
);

if ($> != 0) {
	print STDERR sprintf(gettext("%s must be run as root"), $0)."\\n";
	exit 1;
}

Debconf::Db->load;

if ($default_priority) {
	Debconf::Config->priority(Debconf::Question->get('debconf/priority')->value);
}

if (lc Debconf::Config->frontend eq 'noninteractive' &&
    ! Debconf::Config->frontend_forced) {
	Debconf::Config->frontend('dialog');
}

my $frontend=make_frontend();

unless ($unseen_only) {
	Debconf::Config->reshow(1);
}

my @packages=@ARGV;
if (! @packages) {
	print STDERR "$0: ".gettext("please specify a package to reconfigure")."\\n";
	exit 1;
}

$ENV{DEBCONF_RECONFIGURE}=1;

my %initial_triggers=map { $_ => 1 } triggers_pending();

my $original_cwd=getcwd();

foreach my $pkg (@packages) {
	$frontend->default_title($pkg);
	$frontend->info(undef);

	$_=\`dpkg --status $pkg\`;
	my ($version)=m/Version: (.*)\\n/;
	my ($status)=m/Status: (.*)\\n/;
	my ($package)=m/Package: (.*)\\n/;
	my ($arch)=m/Architecture: (.*)\\n/;
	if (! $force) {
		if (! defined $status || $status =~ m/not-installed$/) {
			print STDERR "$0: ".sprintf(gettext("%s is not installed"), $pkg)."\\n";
			exit 1;
		}
		if ($status !~ m/ ok installed$/) {
			print STDERR "$0: ".sprintf(gettext("%s is broken or not fully installed"), $pkg)."\\n";
			exit 1;
		}
	}
	
	my @control_paths=\`dpkg-query --control-path $pkg\`;
	map chomp, @control_paths;
	my $control_path = sub {
		my $file = shift;
		my $path = (grep /\\.\\Q$file\\E$/, @control_paths)[0];
		chomp($path) if defined $path;
		return $path;
	};

	if ($reload) {
		my $templates=$control_path->('templates');
		if ($templates and -e $templates) {
			Debconf::Template->load($templates, $pkg);
		}
	}

	foreach my $info (['prerm',    'upgrade',     $version],
			  ['preinst',  'upgrade',     $version],
			  ['config',   'reconfigure', $version],
			  ['postinst', 'configure',   $version]) {
		my $script=shift @$info;
		my $path_script=$control_path->($script);

		next unless $path_script and -x $path_script;

		my $is_confmodule='';

		$ENV{DPKG_MAINTSCRIPT_PACKAGE}=$package;
		$ENV{DPKG_MAINTSCRIPT_ARCH}=$arch;
		$ENV{DPKG_MAINTSCRIPT_NAME}=$script;

		if ($script ne 'config') {
			open (IN, "<$path_script");
			while (<IN>) {
				if (/confmodule/i) {
					$is_confmodule=1;
					last;
				}
			}
			close IN;
		}
		
		chdir('/');
		if ($script eq 'config' || $is_confmodule) {
			my $confmodule=make_confmodule($path_script, @$info);
	
			$confmodule->owner($pkg);
		
			1 while ($confmodule->communicate);
	
			exit $confmodule->exitcode if $confmodule->exitcode > 0;
		}
		else {
			run_external($path_script, @$info);
		}
		chdir($original_cwd);
	}
}

my @new_triggers;
do {
	@new_triggers=();
	foreach my $trigpend (triggers_pending()) {
		push @new_triggers, $trigpend
			if not exists $initial_triggers{$trigpend};
	}
	if (@new_triggers) {
		chdir('/');
		run_external("dpkg", "--configure", @new_triggers);
		chdir($original_cwd);
	}
} while (@new_triggers);

$frontend->shutdown;

Debconf::Db->save;

sub run_external {
	Debconf::Db->save;
	
	delete $ENV{DEBIAN_HAS_FRONTEND};
	my $ret=system(@_);
	if (int($ret / 256) != 0) {
		exit int($ret / 256);
	}
	$ENV{DEBIAN_HAS_FRONTEND}=1;
	
	Debconf::Db->load;
}

sub triggers_pending {
	my @ret;
	local $_;

	open (QUERY, '-|', 'dpkg-query', '-W',
		'-f', '\${Package} \${binary:Package}\\t\${Triggers-Pending}\\n');
	while (<QUERY>) {
		chomp;
		my ($pkgnames, $triggers) = split /\\t/;
		if (length $triggers) {
			my ($pkg, $binpkg) = split ' ', $pkgnames;
			push @ret, (length $binpkg ? $binpkg : $pkg);
		}
	}
	close QUERY;

	return @ret;
}

`],
];
