-- The help file: `:helptags` accepts it and every tag it names opens.
local plugin_dir = arg[1]
vim.opt.runtimepath:prepend(plugin_dir)
local failed, passed = 0, 0
local function expect(ok, what)
  io.stdout:write((ok and 'ok - [help] ' or 'FAIL - [help] ') .. what .. '\n')
  if ok then passed = passed + 1 else failed = failed + 1 end
end

local ok, err = pcall(vim.cmd, 'helptags ' .. vim.fn.fnameescape(plugin_dir .. '/doc'))
expect(ok, ':helptags doc/ ' .. (ok and '' or tostring(err)))
local tags = {}
for _, line in ipairs(vim.fn.readfile(plugin_dir .. '/doc/tags')) do
  table.insert(tags, vim.split(line, '\t')[1])
end
expect(#tags >= 10, ('%d tags'):format(#tags))
for _, tag in ipairs(tags) do
  local opened = pcall(vim.cmd, 'help ' .. tag)
  expect(opened and vim.bo.buftype == 'help' and vim.fn.expand('%:t') == 'concurrency_tutor.txt', ':help ' .. tag)
end
-- Every |link| in the file points at a tag that exists (ours or Neovim's).
local text = table.concat(vim.fn.readfile(plugin_dir .. '/doc/concurrency_tutor.txt'), '\n')
for link in text:gmatch('|([%w_%.%-%(%)]+)|') do
  expect(pcall(vim.cmd, 'help ' .. link), 'link |' .. link .. '|')
end
io.stdout:write(('%d passed, %d failed\n'):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
