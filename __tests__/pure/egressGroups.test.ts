import type { Integration } from '../../src/contract';
import { groupForApproval, groupsHolding, type EgressGroup } from '../../src/domain/egressGroups';
import { egressStates } from '../../src/domain/egressStatus';

const entry = (domain: string) => ({ domain, type: ['FETCH_BACKEND_SIDE'] });
const group = (key: string, count: number, prefix = key): EgressGroup => ({
  key,
  description: 'd',
  configured: Array.from({ length: count }, (_, i) => entry(`${prefix}-${i}.example.com`)),
});

describe('egress groups the app manages', () => {
  it('opens git-hosts-1 for the first domain', () => {
    expect(groupForApproval([], 'git.example.com')).toEqual({
      key: 'git-hosts-1',
      description: expect.any(String),
      configured: [entry('git.example.com')],
    });
  });

  it('adds to the first group with room, keeping its domains, and leaves groups of other features alone', () => {
    const groups = [group('analytics', 1), group('git-hosts-1', 10), group('git-hosts-2', 3)];
    expect(groupForApproval(groups, 'new.example.com')).toEqual({
      ...groups[2],
      configured: [...groups[2]!.configured, entry('new.example.com')],
    });
  });

  it('asks again with the group that already names the domain', () => {
    const groups = [group('git-hosts-1', 2)];
    expect(groupForApproval(groups, 'git-hosts-1-1.example.com')).toBe(groups[0]);
  });

  it('finds no room once 10 groups hold 10 domains each', () => {
    const full = Array.from({ length: 10 }, (_, i) => group(`git-hosts-${i + 1}`, 10));
    expect(groupForApproval(full, 'one-more.example.com')).toBeUndefined();
    expect(groupForApproval(full.slice(0, 9), 'one-more.example.com')).toEqual({
      key: 'git-hosts-10',
      description: expect.any(String),
      configured: [entry('one-more.example.com')],
    });
  });

  it('names the groups holding a domain, for its removal', () => {
    expect(groupsHolding([group('git-hosts-1', 2), group('git-hosts-3', 2, 'git-hosts-1')], 'git-hosts-1-1.example.com')).toEqual([
      'git-hosts-1',
      'git-hosts-3',
    ]);
  });
});

describe('egress states', () => {
  const selfHosted = (id: string, baseUrl: string): Integration => ({
    id,
    name: id,
    hostType: 'gitlab-self-managed',
    baseUrl,
    requirePat: false,
  });

  it('tells built-in, allowed, waiting and impossible apart', () => {
    const integrations: Integration[] = [
      { id: 'gh', name: 'gh', hostType: 'github', requirePat: false },
      selfHosted('ok', 'https://ok.example.com/gitlab'),
      selfHosted('wait', 'https://wait.example.com'),
      selfHosted('port', 'https://port.example.com:2222'),
    ];
    expect(egressStates(integrations, (url) => url.startsWith('https://ok.example.com/'))).toEqual({
      gh: { state: 'built-in' },
      ok: { state: 'allowed', domain: 'ok.example.com' },
      wait: { state: 'waiting', domain: 'wait.example.com' },
      port: { state: 'impossible', domain: 'https://port.example.com:2222', reason: expect.stringMatching(/uses port 2222/) },
    });
  });

  it('calls the 101st distinct domain impossible, counting in catalog order, and a shared domain once', () => {
    const integrations = Array.from({ length: 101 }, (_, i) => selfHosted(`s${i}`, `https://git${i}.example.com`));
    integrations.splice(1, 0, selfHosted('twin', 'https://git0.example.com/other'));
    const states = egressStates(integrations, () => false);
    expect(states.s99).toEqual({ state: 'waiting', domain: 'git99.example.com' });
    expect(states.twin).toEqual({ state: 'waiting', domain: 'git0.example.com' });
    expect(states.s100).toEqual({
      state: 'impossible',
      domain: 'git100.example.com',
      reason: expect.stringMatching(/at most 100 approved domains/),
    });
  });
});
