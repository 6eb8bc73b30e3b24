dofile("bench/lua/common.lua")
request = function()
  return wrk.format("GET", "/api/v1/crm/opportunities?pipeline_id=" .. pipeline .. "&pipeline_stage_id=" .. pick(stages) .. "&limit=100")
end
