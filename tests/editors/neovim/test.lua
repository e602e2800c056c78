-- Drives a real Neovim (headless) with the plugin in editors/neovim against the built server.
-- Run by tests/editors/neovim.sh as:
--   nvim --headless -u NONE -l test.lua PLUGIN_DIR FIXTURE MODE
-- MODE is `config` (the plugin, vim.lsp.config/enable, Neovim 0.11+), `legacy` (the plugin's
-- vim.lsp.start path used on Neovim 0.10) or `plain` (no plugin: the set-up snippet of
-- editors/neovim/README.md, run as written there). Prints one line per check and a closing
-- "N passed, N failed" line.
local plugin_dir, fixture, mode = arg[1], arg[2], arg[3] or 'config'
assert(plugin_dir and fixture, 'usage: test.lua PLUGIN_DIR FIXTURE [config|legacy]')

vim.opt.runtimepath:prepend(plugin_dir)
vim.cmd('filetype on')
vim.o.swapfile = false

local TIMEOUT = 15000
local passed, failed, skipped = 0, 0, 0
local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
    io.stdout:write(('ok - [%s] %s\n'):format(mode, name))
  else
    failed = failed + 1
    io.stdout:write(('FAIL - [%s] %s: %s\n'):format(mode, name, tostring(err)))
  end
end

local function wait_for(what, predicate)
  local value
  local ok = vim.wait(TIMEOUT, function()
    value = predicate()
    return value ~= nil and value ~= false
  end, 50)
  assert(ok, 'timed out waiting for ' .. what)
  return value
end

local function find(pattern)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local col = line:find(pattern, 1, true)
    if col then
      return lnum, col - 1, line
    end
  end
  error('fixture has no line with ' .. pattern)
end

local tutor = require('concurrency_tutor')
local plain = mode == 'plain' or mode == 'plain-0.10'
if plain then
  -- The README's snippet, between its `<!-- plain-setup -->` (or `<!-- plain-setup-0.10 -->`)
  -- marker and the end of the block.
  local readme = table.concat(vim.fn.readfile(vim.fs.joinpath(plugin_dir, 'README.md')), '\n')
  local marker = mode == 'plain' and 'plain%-setup' or 'plain%-setup%-0%.10'
  local snippet = readme:match('<!%-%- ' .. marker .. ' %-%->%s*```lua\n(.-)```')
  assert(snippet, 'no plain set-up snippet in editors/neovim/README.md')
  assert(loadstring(snippet, 'README snippet'))()
else
  local started = tutor.setup({
    settings = { language = 'en', level = 'beginner' },
    _force_legacy = mode == 'legacy',
  })
  assert(started, 'setup() did not find the server')
end
vim.cmd.edit(vim.fn.fnameescape(fixture))
local bufnr = vim.api.nvim_get_current_buf()

local client
check('the server starts and attaches to the Python buffer', function()
  client = wait_for('the client', function()
    local c = vim.lsp.get_clients({ bufnr = bufnr, name = tutor.name })[1]
    return c and c.initialized and c
  end)
  assert(client.server_info and client.server_info.name == 'concurrency-tutor', vim.inspect(client.server_info))
  if not plain then
    assert(client.config.init_options.concurrencyTutor.language == 'en', 'settings not passed as init_options')
  end
end)
if not client then
  io.stdout:write(('%d passed, %d failed\n'):format(passed, failed + 1))
  os.exit(1)
end

local function hover_at(pattern, offset)
  local lnum, col = find(pattern)
  vim.api.nvim_win_set_cursor(0, { lnum, col + (offset or 0) })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, TIMEOUT)
  local response = responses and responses[client.id]
  assert(response and response.result, 'no hover: ' .. vim.inspect(responses))
  local contents = response.result.contents
  return type(contents) == 'table' and (contents.value or vim.inspect(contents)) or tostring(contents)
end

check('hover over asyncio.gather explains it', function()
  local text = hover_at('asyncio.gather', #'asyncio.')
  assert(text:find('asyncio.gather', 1, true), 'hover lacks "asyncio.gather": ' .. text)
  assert(text:find('concurrent', 1, true), 'hover lacks "concurrent": ' .. text)
end)

local function hints_by_line()
  local lines = {}
  for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = bufnr })) do
    local label = item.inlay_hint.label
    if type(label) == 'table' then
      label = table.concat(vim.tbl_map(function(part) return part.value end, label))
    end
    local lnum = item.inlay_hint.position.line + 1
    lines[lnum] = (lines[lnum] and lines[lnum] .. ' | ' or '') .. label
  end
  return lines
end

local function has_hint(lines, lnum, text)
  return lines[lnum] ~= nil and lines[lnum]:find(text, 1, true) ~= nil
end

check('inlay hints are on and show where code runs', function()
  assert(vim.lsp.inlay_hint.is_enabled({ bufnr = bufnr }), 'inlay hints are not enabled')
  local async_line = find('async def brew')
  local pool_line = find('with ProcessPoolExecutor(max_workers=2) as pool:')
  wait_for('the hints', function()
    local lines = hints_by_line()
    return has_hint(lines, async_line, 'concurrent · event loop')
      and has_hint(lines, pool_line, 'parallel · 2 worker processes')
  end)
end)

check('CTP101 is reported on time.sleep', function()
  local sleep_line = find('time.sleep(1)')
  local diagnostic = wait_for('CTP101', function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'CTP101' then
        return d
      end
    end
  end)
  assert(diagnostic.lnum + 1 == sleep_line, 'CTP101 on line ' .. diagnostic.lnum + 1)
  assert(diagnostic.message:find('time.sleep', 1, true), diagnostic.message)
end)

check('the quick fix turns time.sleep(1) into await asyncio.sleep(1)', function()
  local lnum, col = find('time.sleep(1)')
  vim.api.nvim_win_set_cursor(0, { lnum, col })
  -- What `:lua vim.lsp.buf.code_action()` does when the user picks the quick fix.
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.kind == 'quickfix' and action.title:find('asyncio.sleep', 1, true) ~= nil
    end,
  })
  local line = wait_for('the edit', function()
    local text = vim.api.nvim_buf_get_lines(bufnr, lnum - 1, lnum, false)[1]
    return text ~= '    time.sleep(1)' and text
  end)
  assert(line == '    await asyncio.sleep(1)', 'line is now: ' .. line)
  wait_for('CTP101 to go away', function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'CTP101' then
        return false
      end
    end
    return true
  end)
end)

local plugin_check = plain and function(name)
  skipped = skipped + 1
  io.stdout:write(('skip - [%s] %s (the plugin only)\n'):format(mode, name))
end or check

plugin_check('changed settings reach the server without a restart', function()
  local pool_line = find('with ProcessPoolExecutor(max_workers=2) as pool:')
  tutor.update_settings({ inlayHints = { parallel = false }, language = 'ru' })
  wait_for('the parallel hint to go', function()
    return not has_hint(hints_by_line(), pool_line, 'parallel')
  end)
  wait_for('a Russian hover', function()
    return hover_at('asyncio.gather', #'asyncio.'):find('[\208\209]') ~= nil -- Cyrillic lead bytes
  end)
  tutor.update_settings({ inlayHints = { parallel = true }, language = 'en' })
  wait_for('the parallel hint to come back', function()
    return has_hint(hints_by_line(), pool_line, 'parallel · 2 worker processes')
  end)
end)

plugin_check(':checkhealth concurrency_tutor finds the binary and its version', function()
  vim.cmd('silent checkhealth concurrency_tutor')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  if os.getenv('CT_SHOW_HEALTH') then io.stdout:write(report, '\n') end
  vim.cmd('tabclose')
  assert(report:find('concurrency%-tutor %d+%.%d+%.%d+'), 'no version in:\n' .. report)
  assert(report:find('server running', 1, true), 'no running server in:\n' .. report)
  assert(not report:find('ERROR', 1, true), 'errors in:\n' .. report)
end)

check('a Rust buffer gets the same server, and CTR101', function()
  local rust = vim.fs.joinpath(vim.fs.dirname(fixture), 'kitchen.rs')
  vim.cmd.edit(vim.fn.fnameescape(rust))
  local rust_buf = vim.api.nvim_get_current_buf()
  assert(vim.bo[rust_buf].filetype == 'rust', 'filetype is ' .. vim.bo[rust_buf].filetype)
  wait_for('the client on the Rust buffer', function()
    return #vim.lsp.get_clients({ bufnr = rust_buf, name = tutor.name }) == 1
  end)
  wait_for('CTR101', function()
    for _, d in ipairs(vim.diagnostic.get(rust_buf)) do
      if d.code == 'CTR101' then
        return true
      end
    end
  end)
  local clients = vim.lsp.get_clients({ name = tutor.name })
  assert(#clients == 1, 'a second server was started: ' .. #clients)
end)

vim.lsp.stop_client(client.id)
io.stdout:write(('%d passed, %d failed%s\n'):format(passed, failed, skipped > 0 and (', %d skipped'):format(skipped) or ''))
os.exit(failed == 0 and 0 or 1)
