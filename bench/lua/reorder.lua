-- a shuffled order of 20 cards that all sit in the first stage (moves run after this scenario)
dofile("bench/lua/common.lua")
local cards = {}
local f = io.open("/tmp/bench-stage-ids.txt", "r")
for line in f:lines() do table.insert(cards, line) end
f:close()
request = function()
  for i = #cards, 2, -1 do
    local j = math.random(i)
    cards[i], cards[j] = cards[j], cards[i]
  end
  return wrk.format("POST", "/api/v1/crm/opportunities/reorder", nil,
    '{"pipeline_stage_id":"' .. stages[1] .. '","ordered_ids":["' .. table.concat(cards, '","') .. '"]}')
end
