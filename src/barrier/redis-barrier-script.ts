/**
 * The Lua script of a Redis barrier call: the barrier checks, then the participant's business script,
 * then the barrier keys, all in one script, which Redis runs atomically (no other command runs in
 * between). That atomicity is what the SQL adapters get from their transaction.
 *
 * KEYS[1] the current op's barrier key; KEYS[2] the forward op's barrier key (= KEYS[1] when the op
 * compensates nothing); KEYS[3..] the business keys. ARGV[1] the op; ARGV[2] the barrier keys' time to
 * live in seconds; ARGV[3] '1' when the op is a compensating one; ARGV[4..] the business arguments.
 *
 * The business script is wrapped in a function whose parameters shadow KEYS and ARGV, so it is written
 * as a standalone script: its own keys are KEYS[1..], its own arguments ARGV[1..]. It runs under
 * `pcall`; if it raises an error or returns `redis.error_reply(...)`, the barrier keys are not written
 * and the call reports a refusal. Redis does not roll back writes, so the business script must check
 * everything before its first write (as DTM's balance script does).
 *
 * Answer: {'executed', <business result>} | {'duplicate'} | {'hanging'} | {'null-compensation'} |
 * {'refused', <message>}.
 */
export function redisBarrierScript(businessScript: string): string {
  return `
local op = ARGV[1]
local expire = ARGV[2]
local existing = redis.call('GET', KEYS[1])
if existing then
  if existing == op then return {'duplicate'} end
  return {'hanging'}
end
if ARGV[3] == '1' and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], op, 'EX', expire)
  redis.call('SET', KEYS[1], op, 'EX', expire)
  return {'null-compensation'}
end
local businessKeys = {}
for i = 3, #KEYS do businessKeys[#businessKeys + 1] = KEYS[i] end
local businessArgs = {}
for i = 4, #ARGV do businessArgs[#businessArgs + 1] = ARGV[i] end
local function business(KEYS, ARGV)
${businessScript}
end
local ok, result = pcall(business, businessKeys, businessArgs)
if not ok then
  if type(result) == 'table' and result.err then return {'refused', result.err} end
  return {'refused', tostring(result)}
end
if type(result) == 'table' and result.err then return {'refused', result.err} end
redis.call('SET', KEYS[1], op, 'EX', expire)
return {'executed', result}
`;
}
