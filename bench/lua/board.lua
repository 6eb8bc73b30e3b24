-- bench/board.sh scenarios, chosen by SCENARIO: move (PATCH between STAGE_A and STAGE_B, a random index in
-- the top 50, or FIXED_POSITION, cards from IDS), reorder (50 random cards of IDS, the cards of REORDER_STAGE), get (GET PATH)
local token = os.getenv("TOKEN")
local scenario = os.getenv("SCENARIO")
local ids = {}
local file = os.getenv("IDS")
if file then
  local f = io.open(file, "r")
  for line in f:lines() do table.insert(ids, line) end
  f:close()
end
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
local stages = {os.getenv("STAGE_A"), os.getenv("STAGE_B")}
local fixed = os.getenv("FIXED_POSITION")

request = function()
  if scenario == "move" then
    return wrk.format("PATCH", "/api/v1/crm/opportunities/" .. ids[math.random(#ids)], nil,
      '{"opportunity":{"pipeline_stage_id":"' .. stages[math.random(2)] .. '","stage_position":'
        .. (fixed or math.random(0, 50)) .. '}}')
  elseif scenario == "reorder" then
    local picked, seen = {}, {}
    while #picked < 50 do
      local id = ids[math.random(#ids)]
      if not seen[id] then seen[id] = true; table.insert(picked, id) end
    end
    return wrk.format("POST", "/api/v1/crm/opportunities/reorder", nil,
      '{"pipeline_stage_id":"' .. os.getenv("REORDER_STAGE") .. '","ordered_ids":["' .. table.concat(picked, '","') .. '"]}')
  else
    return wrk.format("GET", os.getenv("PATH_TO_GET"))
  end
end
