import { describe, expect, it } from 'vitest';
import { displayablePorts } from '../../src/engine/docker/containers-ports.ts';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

const run = (script: string) => runDocker(`docker pull -q busybox >/dev/null\n${script}`, { daemon: containerDaemon() });

describe('-p/--publish, -P and --expose', () => {
  it('docker ps PORTS as Docker 27 prints it: IPv4 and bracketed IPv6, grouped same-number ports, exposed-only ports', async () => {
    const r = await run(
      'docker run -d --name web -p 8080:80 busybox sleep 100 >/dev/null\n' +
        'docker run -d --name same -p 9000:9000 -p 9001:9001 busybox sleep 100 >/dev/null\n' +
        'docker run -d --name local -p 127.0.0.1:5000:5000/udp --expose 7000-7001 busybox sleep 100 >/dev/null\n' +
        "docker ps --format '{{.Names}}: {{.Ports}}'",
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'local: 127.0.0.1:5000->5000/udp, 7000-7001/tcp\n' +
        'same: 0.0.0.0:9000-9001->9000-9001/tcp, [::]:9000-9001->9000-9001/tcp\n' +
        'web: 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n',
    );
  });

  it('the PORTS text follows docker/cli DisplayablePorts: host mappings after the groups', () => {
    expect(displayablePorts({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '32768' }], '443/tcp': null })).toBe('443/tcp, 0.0.0.0:32768->80/tcp');
    expect(displayablePorts({})).toBe('');
  });

  it('docker port lists every mapping (natural order: 80 before 443) or where one private port is published', async () => {
    const r = await run(
      'docker run -d --name web -p 8080:80 -p 127.0.0.1:8443:443 busybox sleep 100 >/dev/null\n' +
        'docker port web\ndocker port web 80\ndocker port web 443/tcp\ndocker port web 81; echo "status $?"',
    );
    expect(r.stdout).toBe('80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n443/tcp -> 127.0.0.1:8443\n0.0.0.0:8080\n[::]:8080\n127.0.0.1:8443\nstatus 1\n');
    expect(r.stderr).toBe("Error: No public port '81/tcp' published for web\n");
  });

  it('-P and a bare -p PORT get host ports from the ephemeral range, the same number on 0.0.0.0 and ::', async () => {
    const r = await run("docker run -d --name all -P --expose 80 busybox sleep 100 >/dev/null\ndocker run -d --name bare -p 80 busybox sleep 100 >/dev/null\ndocker port all; docker port bare");
    expect(r.stdout).toBe('80/tcp -> 0.0.0.0:32768\n80/tcp -> [::]:32768\n80/tcp -> 0.0.0.0:32769\n80/tcp -> [::]:32769\n');
  });

  it('inspect shows HostConfig.PortBindings as asked and NetworkSettings.Ports as bound; a stopped container holds none', async () => {
    const r = await run(
      "docker run -d --name web -p 8080:80 busybox sleep 100 >/dev/null\n" +
        "docker inspect -f '{{json .HostConfig.PortBindings}} {{json .NetworkSettings.Ports}} {{json .Config.ExposedPorts}}' web\n" +
        "docker stop -t 0 web >/dev/null\ndocker inspect -f '{{json .NetworkSettings.Ports}}' web; docker port web; docker ps -a --format '[{{.Ports}}]'",
    );
    expect(r.stdout).toBe(
      '{"80/tcp":[{"HostIp":"","HostPort":"8080"}]} {"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}]} {"80/tcp":{}}\n{}\n[]\n',
    );
  });

  it('a second container on a taken host port fails to start with the daemon\'s "port is already allocated" and stays Created', async () => {
    const r = await run(
      'docker run -d --name one -p 8080:80 busybox sleep 100 >/dev/null\n' +
        'docker run -d --name two -p 8080:80 busybox sleep 100; echo "status $?"\n' +
        "docker ps -a --format '{{.Names}} {{.Status}}'\n" +
        'docker stop -t 0 one >/dev/null; docker start two; docker port two 80',
    );
    expect(r.stderr).toMatch(/^docker: Error response from daemon: driver failed programming external connectivity on endpoint two \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already allocated\.\n$/);
    expect(r.stdout).toBe('status 125\ntwo Created\none Up Less than a second\ntwo\n0.0.0.0:8080\n[::]:8080\n');
  });

  it('invalid specs are refused by the CLI with go-connections\' words', async () => {
    const r = await run(
      ['abc:80', '80:abc', '1.2.3:80:80', '90:80-81', '80/xyz', '70000'].map((p) => `docker run -p ${p} busybox true; echo "status $?"`).join('\n') + '\ndocker run --expose 80:90 busybox true',
    );
    expect(r.stdout).toBe('status 125\n'.repeat(6));
    expect(r.stderr).toBe(
      [
        'invalid hostPort: abc',
        'invalid containerPort: abc',
        'invalid IP address: 1.2.3',
        'invalid ranges specified for container and host Ports: 80-81 and 90',
        'invalid proto: xyz',
        'invalid containerPort: 70000',
        'invalid port format for --expose: 80:90',
      ]
        .map((m) => `docker: ${m}.\nSee 'docker run --help'.\n`)
        .join(''),
    );
  });
});
