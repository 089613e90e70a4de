import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCardReaderDriver } from '../../drivers/card-readers';
import { SeatAgent } from '../../drivers/seat-agent/agent';
import { parseArgs, parsePairArgs, UsageError } from '../../drivers/seat-agent/cli';
import { RoleClient } from '../../server/protocol/client';
import { PROTOCOL_VERSION } from '../../server/protocol/common';
import { ensureTls } from '../../server/security/tls';
import { cardUidFor, memberIdFor, writeCouncil } from '../helpers/council';
import { REPO_ROOT, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

/** Seat agents over the "/agent" namespace: a reader next to the seat unit, the server far away. */

let server: ServerProcess;
const clients: { close(): void }[] = [];
const agents: SeatAgent[] = [];

function seat(id: number): RecordingClient<'seat'> {
  const c = new RecordingClient('seat', server, { seatId: id });
  clients.push(c);
  return c;
}

async function agentFor(seats: { seatId: number; reader: string | null }[], readers: string[], ca = server.ca, token = server.credentialFor('agent')) {
  const driver = new SimulatedCardReaderDriver(readers);
  const log: string[] = [];
  const agent = new SeatAgent({ server: server.url, ca, agentId: 'unit-test', seats, driver, log: (l) => log.push(l), ...(token ? { token } : {}) });
  agents.push(agent);
  await agent.start();
  return { agent, driver, log };
}

beforeAll(async () => {
  const dir = tempDir('agent');
  // tap-toggle: a repeated tap would log the member out, so a doubled report would show
  const seedFile = writeCouncil(dir, { members: 12, loginModel: 'tap-toggle' });
  server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile, env: { RATSSAAL_READERS: 'simulated', RATSSAAL_DEMO: 'false' } });
});

afterAll(async () => {
  for (const a of agents) await a.stop();
  for (const c of clients) c.close();
  await server?.stop();
});

describe('seat agent', () => {
  it('forwards taps for its seats; after a reconnect it resends its state without tapping twice', async () => {
    const s7 = seat(7);
    const s8 = seat(8);
    const { agent, driver } = await agentFor([{ seatId: 7, reader: 'R7' }, { seatId: 8, reader: 'R8' }], ['R7', 'R8', 'R-other']);
    await s7.waitFor((v) => v.reader === 'connected', 20_000, 'seat 7 reader connected');
    await s8.waitFor((v) => v.reader === 'connected', 20_000, 'seat 8 reader connected');

    driver.tap('R7', cardUidFor(3));
    await s7.waitFor((v) => v.member?.id === memberIdFor(3), 20_000, 'member 3 at seat 7');

    agent.socket.disconnect();
    await s7.waitFor((v) => v.reader === 'disconnected', 20_000, 'seat 7 agent gone');
    expect(s7.latest?.member?.id).toBe(memberIdFor(3));
    agent.socket.connect();
    await s7.waitFor((v) => v.reader === 'connected', 20_000, 'seat 7 agent back');
    // commands are decided one after another: a toggle from the resent state would come first
    driver.tap('R8', cardUidFor(4));
    await s8.waitFor((v) => v.member?.id === memberIdFor(4), 20_000, 'member 4 at seat 8');
    expect(s7.latest?.member?.id).toBe(memberIdFor(3));

    // a reader the agent was not configured for reports nothing
    driver.tap('R-other', cardUidFor(5));
    driver.tap('R7', cardUidFor(3));
    driver.remove('R7');
    driver.tap('R7', cardUidFor(3));
    await s7.waitFor((v) => v.member === null, 20_000, 'member 3 tapped out');
  });

  it('the server refuses a report for a seat the agent did not declare, and a handshake naming an unknown seat', async () => {
    const s5 = seat(5);
    await s5.connected();
    const raw = new RoleClient('agent', server.url, {
      socket: { ca: server.ca, auth: { protocol: PROTOCOL_VERSION, agentId: 'rogue', seats: [9], token: server.credentialFor('agent') } },
    });
    clients.push(raw);
    const refused = await raw.send('report', { seatId: 5, reader: 'connected', card: { uid: cardUidFor(6), assurance: 'uid' } });
    expect(refused.ok ? null : refused.error.code).toBe('agent-seat-not-declared');
    const accepted = await raw.send('report', { seatId: 9, reader: 'connected', card: null });
    expect(accepted.ok).toBe(true);
    expect(s5.latest?.member).toBeNull();

    // enrolled for seat 999, which the register does not have
    const { token: farToken } = server.enrol({ role: 'agent', seats: [999] });
    const unknown = new RoleClient('agent', server.url, {
      socket: { ca: server.ca, auth: { protocol: PROTOCOL_VERSION, agentId: 'far', seats: [999], token: farToken }, reconnection: false },
    });
    clients.push(unknown);
    const error = await new Promise<{ data?: { code?: string } }>((res) => unknown.socket.once('connect_error', res));
    expect(error.data?.code).toBe('seat-unknown');
  });

  it('pair: the command line redeems a code into a 0600 token file; the agent runs with it, only for its enrolled seats', async () => {
    const dir = tempDir('agent-pair');
    const caFile = join(dir, 'ca.crt');
    writeFileSync(caFile, server.ca);
    const tokenFile = join(dir, 'agent.token');
    const { code } = server.devices().issueCode({ role: 'agent', seats: [11] }, 'Platz 11 Einheit');
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'drivers/seat-agent/cli.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    const paired = cli(['pair', '--server', server.url, '--ca', caFile, '--code', code.toLowerCase(), '--token-file', tokenFile]);
    expect(paired.status, paired.stderr).toBe(0);
    expect(paired.stdout).toContain('Platz 11 Einheit');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const again = cli(['pair', '--server', server.url, '--ca', caFile, '--code', code, '--token-file', join(dir, 'second.token')]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already been used/);

    const args = parseArgs(['--server', server.url, '--ca', caFile, '--token-file', tokenFile, '--seat', '11'], {});
    const s11 = seat(11);
    const { driver } = await agentFor(args.seats, ['R11'], server.ca, args.token);
    driver.tap('R11', cardUidFor(11));
    await s11.waitFor((v) => v.member?.id === memberIdFor(11), 20_000, 'member 11 at seat 11');

    // the same credential naming another seat is refused at the door
    const { agent: wider } = await agentFor([{ seatId: 11, reader: 'A' }, { seatId: 12, reader: 'B' }], ['A', 'B'], server.ca, args.token);
    const error = await new Promise<{ data?: { code?: string } }>((res) => wider.socket.once('connect_error', res));
    expect(error.data?.code).toBe('agent-seat-not-declared');
    expect(wider.fatal).not.toBeNull();
  });

  it('verifies the server certificate against the council CA: another CA is refused', async () => {
    const other = ensureTls(tempDir('other-ca'));
    const { agent, driver } = await agentFor([{ seatId: 10, reader: null }], ['R10'], other.ca);
    const error = await new Promise<Error & { description?: { message?: string } }>((res) => agent.socket.once('connect_error', res));
    // socket.io-client wraps the TLS failure as a transport error; its cause is the certificate
    expect(error.description?.message ?? error.message).toMatch(/certificate|self.signed|unable to verify/i);
    expect(agent.socket.connected).toBe(false);
    driver.tap('R10', cardUidFor(7));
    const s10 = seat(10);
    await s10.waitFor(() => true, 20_000, 'seat 10 view');
    expect(s10.latest?.member).toBeNull();
  });
});

describe('seat agent command line', () => {
  it('parses seats with and without reader names', () => {
    expect(parseArgs(['--server', 'https://h:8443', '--ca', 'ca.crt', '--seat', '7'], {})).toMatchObject({
      seats: [{ seatId: 7, reader: null }],
    });
    expect(parseArgs(['--server=https://h', '--ca=c', '--seat', '7=A 00 00', '--seat', '8=B 00 00', '--agent-id', 'u1'], {})).toEqual({
      server: 'https://h',
      caFile: 'c',
      seats: [{ seatId: 7, reader: 'A 00 00' }, { seatId: 8, reader: 'B 00 00' }],
      agentId: 'u1',
    });
  });

  it.each([
    [['--ca', 'c', '--seat', '7'], /--server/],
    [['--server', 'http://h', '--ca', 'c', '--seat', '7'], /TLS only/],
    [['--server', 'https://h', '--seat', '7'], /--ca/],
    [['--server', 'https://h', '--ca', 'c'], /--seat/],
    [['--server', 'https://h', '--ca', 'c', '--seat', '7', '--seat', '8'], /name each seat/],
    [['--server', 'https://h', '--ca', 'c', '--seat', 'x'], /seat number/],
    [['--server', 'https://h', '--ca', 'c', '--seat', '7', '--bogus', '1'], /unknown option/],
    [['--server', 'https://h', '--ca', 'c', '--seat', '7', '--token-file', '/nonexistent/agent.token'], /pair first/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv, {})).toThrow(UsageError);
    expect(() => parseArgs(argv, {})).toThrow(message);
  });

  it.each([
    [['--ca', 'c', '--code', 'X', '--token-file', 't'], /--server/],
    [['--server', 'https://h', '--code', 'X', '--token-file', 't'], /--ca/],
    [['--server', 'https://h', '--ca', 'c', '--token-file', 't'], /--code/],
    [['--server', 'https://h', '--ca', 'c', '--code', 'X'], /--token-file/],
  ])('pair refuses %j', (argv, message) => {
    expect(() => parsePairArgs(argv)).toThrow(message);
  });
});
