import { whyRefused } from './connection-check';

/** A fetch that answers `/health` with 200 and `/users` with `usersStatus`, recording each path. */
function serverAnswering(usersStatus: number): string[] {
  const asked: string[] = [];
  jest.spyOn(global, 'fetch').mockImplementation((input) => {
    const path = input as string; // whyRefused asks by path
    asked.push(path);
    return Promise.resolve(new Response(null, { status: path === '/users' ? usersStatus : 200 }));
  });
  return asked;
}

describe('whyRefused', () => {
  afterEach(() => jest.restoreAllMocks());

  it('asks about a wrong token once: each answer counts as a failure against the address', async () => {
    const asked = serverAnswering(401);

    await expect(whyRefused('wrong-1')).resolves.toBe('Wrong token');
    await expect(whyRefused('wrong-1')).resolves.toBe('Wrong token');
    await expect(whyRefused('wrong-1')).resolves.toBe('Wrong token');

    expect(asked.filter((path) => path === '/users')).toHaveLength(1);
    expect(asked.filter((path) => path === '/health')).toHaveLength(3); // the server may go away meanwhile
  });

  it('asks again for another token, and for one the server took', async () => {
    const asked = serverAnswering(200);
    await expect(whyRefused('right')).resolves.toBe('Not allowed from this address (origin)');
    await expect(whyRefused('right')).resolves.toBe('Not allowed from this address (origin)');
    expect(asked.filter((path) => path === '/users')).toHaveLength(2);

    serverAnswering(401);
    await expect(whyRefused('wrong-2')).resolves.toBe('Wrong token');
  });

  it('says the server is unreachable before anything about the token', async () => {
    jest.spyOn(global, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(whyRefused('wrong-1')).resolves.toBe('Server unreachable');
  });
});
