dofile("bench/lua/common.lua")
request = function()
  return wrk.format("PATCH", "/api/v1/crm/opportunities/" .. pick(ids), nil,
    '{"opportunity":{"pipeline_stage_id":"' .. pick(stages) .. '","stage_position":' .. math.random(0, 50) .. '}}')
end
