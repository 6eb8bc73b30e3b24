-- shared by the scenarios: the token, the pipeline, its first stages, and card ids when available
token = os.getenv("TOKEN")
pipeline = os.getenv("PIPELINE")
stages = {}
for s in string.gmatch(os.getenv("STAGES"), "[^,]+") do table.insert(stages, s) end
ids = {}
local f = io.open("/tmp/bench-ids.txt", "r")
if f then for line in f:lines() do table.insert(ids, line) end f:close() end
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
function pick(t) return t[math.random(#t)] end
