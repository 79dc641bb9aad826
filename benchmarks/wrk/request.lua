-- One wrk script for every benchmark of bench.py, steered by environment
-- variables (wrk passes none of its own to scripts):
--   BENCH_AUTH      the Authorization header (users BENCH_AUTH_1.. per thread)
--   BENCH_METHOD    GET (default), POST, PATCH, DELETE, or CYCLE: POST then
--                   DELETE the same path, over and over
--   BENCH_PATH      the path (BENCH_PATH_1.. per thread)
--   BENCH_BODY      the body of POST/PATCH (BENCH_BODY_1.. per thread)
--   BENCH_DELETE    for CYCLE: the path to DELETE (default: BENCH_PATH)
--   BENCH_HEADER    one more header, "Name: value"

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(threads, thread)
end

local function per_thread(name, number)
  return os.getenv(name .. "_" .. number) or os.getenv(name)
end

function init(args)
  local number = wrk.thread:get("number")
  method = os.getenv("BENCH_METHOD") or "GET"
  path = per_thread("BENCH_PATH", number)
  delete_path = per_thread("BENCH_DELETE", number) or path
  body = per_thread("BENCH_BODY", number)
  headers = {
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/json",
    ["Authorization"] = per_thread("BENCH_AUTH", number),
  }
  local extra = os.getenv("BENCH_HEADER")
  if extra then
    local name, value = extra:match("^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  posting = true
  if method == "CYCLE" then
    -- The next request changes with each answer, not each call of request():
    -- wrk asks again for the same request when it reconnects.
    response = function(status, headers, body)
      posting = not posting
    end
  end
end

function request()
  if method == "CYCLE" then
    if posting then
      return wrk.format("POST", path, headers, body)
    end
    return wrk.format("DELETE", delete_path, headers, nil)
  end
  return wrk.format(method, path, headers, body)
end
