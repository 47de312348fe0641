import { describe, expect, it } from 'vitest';
import { contextScript } from './support/build-context.ts';
import { runDocker } from './support/docker-shell.ts';

const inspect = (image: string, field: string) => `docker image inspect --format '{{json .${field}}}' ${image}`;

describe('docker build: each instruction sets the config as Docker does', () => {
  it('ENV, LABEL, WORKDIR, USER, VOLUME, EXPOSE, CMD, ENTRYPOINT, HEALTHCHECK, STOPSIGNAL, SHELL and ARG', async () => {
    const dockerfile = [
      'ARG BASE=busybox',
      'FROM ${BASE}',
      'ARG GREETING=hi',
      'ENV APP_HOME=/srv/app \\',
      '    MODE="two words"',
      'LABEL org.example.greeting="${GREETING}" version=1',
      'WORKDIR ${APP_HOME}',
      'WORKDIR sub',
      'USER nobody',
      'VOLUME ["/data"]',
      'EXPOSE 80 53/udp',
      'HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD wget -q -O- http://localhost/ || exit 1',
      'STOPSIGNAL SIGQUIT',
      'SHELL ["/bin/sh", "-ec"]',
      'ENTRYPOINT ["/bin/echo"]',
      'CMD run ${MODE}',
      '',
    ].join('\n');
    const run = await runDocker(
      [
        contextScript({ Dockerfile: dockerfile }),
        'docker build -q --build-arg GREETING=hello -t cfg . >/dev/null',
        inspect('cfg', 'Config.Env'),
        inspect('cfg', 'Config.Labels'),
        inspect('cfg', 'Config.WorkingDir'),
        inspect('cfg', 'Config.User'),
        inspect('cfg', 'Config.Volumes'),
        inspect('cfg', 'Config.ExposedPorts'),
        inspect('cfg', 'Config.Healthcheck'),
        inspect('cfg', 'Config.StopSignal'),
        inspect('cfg', 'Config.Shell'),
        inspect('cfg', 'Config.Entrypoint'),
        inspect('cfg', 'Config.Cmd'),
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      '["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","APP_HOME=/srv/app","MODE=two words"]',
      '{"org.example.greeting":"hello","version":"1"}',
      '"/srv/app/sub"',
      '"nobody"',
      '{"/data":{}}',
      '{"53/udp":{},"80/tcp":{}}',
      '{"Test":["CMD-SHELL","wget -q -O- http://localhost/ || exit 1"],"Interval":30000000000,"Timeout":3000000000,"Retries":3}',
      '"SIGQUIT"',
      '["/bin/sh","-ec"]',
      '["/bin/echo"]',
      // Shell-form CMD runs through the SHELL in force, the text as written (the shell expands it).
      '["/bin/sh","-ec","run ${MODE}"]',
    ]);
  });

  it('records one history entry per instruction, worded as BuildKit and as the legacy builder word them', async () => {
    const dockerfile = 'FROM busybox\nARG V=1\nENV A=b\nCOPY f.txt /f.txt\nRUN echo $V > /v\nEXPOSE 8080\nCMD ["sh"]\n';
    const history = "docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' ";
    const run = await runDocker(
      [contextScript({ Dockerfile: dockerfile, 'f.txt': 'data\n' }), 'docker build -q -t bk . >/dev/null', `${history} bk | head -6`, 'DOCKER_BUILDKIT=0 docker build -q -t legacy . >/dev/null 2>&1', `${history} legacy | head -6`].join('\n'),
    );
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'CMD ["sh"]|0B',
      'EXPOSE map[8080/tcp:{}]|0B',
      'RUN |1 V=1 /bin/sh -c echo $V > /v # buildkit|2B',
      'COPY f.txt /f.txt # buildkit|5B',
      'ENV A=b|0B',
      'ARG V=1|0B',
    ]);
    expect(lines[6]).toBe('/bin/sh -c #(nop)  CMD ["sh"]|0B');
    expect(lines[7]).toBe('/bin/sh -c #(nop)  EXPOSE 8080|0B');
    expect(lines[8]).toBe('|1 V=1 /bin/sh -c echo $V > /v|2B');
    expect(lines[9]).toMatch(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/f\.txt \|5B$/);
    expect(lines[10]).toBe('/bin/sh -c #(nop)  ENV A=b|0B');
    expect(lines[11]).toBe('/bin/sh -c #(nop)  ARG V=1|0B');
  });

  it('COPY keeps modes, applies --chown and --chmod, copies directory contents; ADD unpacks a local tar', async () => {
    const dockerfile = [
      'FROM busybox',
      'COPY --chown=1000:50 --chmod=750 tool.sh /usr/local/bin/',
      'COPY tree /opt/tree',
      'ADD bundle.tar.gz /unpacked/',
      'RUN ls -ln /usr/local/bin/tool.sh /opt/tree /opt/tree/sub && cat /unpacked/pkg/readme',
      '',
    ].join('\n');
    const run = await runDocker(
      [
        contextScript({ Dockerfile: dockerfile, 'tool.sh': 'echo tool\n', 'tree/a.txt': 'A\n', 'tree/sub/b.txt': 'BB\n', 'pkg/readme': 'from the tarball\n' }),
        'tar -czf bundle.tar.gz pkg',
        'DOCKER_BUILDKIT=0 docker build -t files . 2>/dev/null | grep -v "^ --->\\|^Step\\|^Sending\\|^Success"',
      ].join('\n'),
    );
    expect(run.stdout).toMatch(/^-rwxr-x--- +1 1000 +50 +10 .* \/usr\/local\/bin\/tool.sh$/m);
    expect(run.stdout).toMatch(/^-rw-r--r-- +1 0 +0 +2 .* a\.txt$/m);
    expect(run.stdout).toMatch(/^drwxr-xr-x +\d+ 0 +0 .* sub$/m);
    expect(run.stdout).toMatch(/^-rw-r--r-- +1 0 +0 +3 .* b\.txt$/m);
    expect(run.stdout).toContain('from the tarball\n');
  });
});
