dofile("bench/lua/common.lua")
request = function()
  return wrk.format("POST", "/api/v1/crm/opportunities", nil,
    '{"opportunity":{"name":"Bench deal ' .. math.random(1000000) .. '","amount":"' .. math.random(100000) .. '.50","pipeline_stage_id":"' .. pick(stages) .. '"}}')
end
