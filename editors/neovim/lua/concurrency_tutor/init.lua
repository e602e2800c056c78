--- Concurrency Tutor for Neovim 0.10+: starts the `concurrency-tutor` language server for Python
--- and Rust buffers, turns inlay hints on and passes settings through.
---
--- ```lua
--- require('concurrency_tutor').setup({ settings = { level = 'expert' } })
--- ```
local M = {}

--- The name of the LSP client (and of the `vim.lsp.config` entry on Neovim 0.11+).
M.name = 'concurrency_tutor'

local defaults = {
  -- The command that starts the server. `nil`: `server_path` if set, else `concurrency-tutor`
  -- from `PATH`.
  cmd = nil,
  -- Path of the `concurrency-tutor` binary, when it is not on `PATH`.
  server_path = nil,
  filetypes = { 'python', 'rust' },
  root_markers = { '.git', 'pyproject.toml', 'setup.py', 'Cargo.toml' },
  -- Show the tutor's inlay hints ("concurrent · event loop") in attached buffers.
  inlay_hints = true,
  -- Sent to the server as `initializationOptions` and `workspace/didChangeConfiguration`,
  -- under the `concurrencyTutor` key. See `:help concurrency_tutor-settings`.
  settings = {},
  -- Called as `on_attach(client, bufnr)` after the plugin's own set-up of the buffer.
  on_attach = nil,
  -- Extra client capabilities, merged into Neovim's defaults.
  capabilities = nil,
}

--- The options in force after `setup()`.
M.options = nil

local function has_config_api()
  return type(vim.lsp.config) == 'table' and type(vim.lsp.enable) == 'function'
end

--- Resolves the command that starts the server: `cmd`, then `server_path`, then `PATH`.
--- Returns the command (a list) or `nil` and the reason.
function M.resolve_cmd(opts)
  opts = opts or M.options or defaults
  if opts.cmd then
    return opts.cmd
  end
  local candidate = opts.server_path
  if candidate and candidate ~= '' then
    candidate = vim.fn.expand(candidate)
    if vim.fn.executable(candidate) == 1 then
      return { candidate }
    end
    return nil, ('server_path `%s` is not an executable file'):format(candidate)
  end
  local found = vim.fn.exepath('concurrency-tutor')
  if found ~= '' then
    return { found }
  end
  return nil, '`concurrency-tutor` is not on PATH'
end

--- How to get the server, for messages and `:checkhealth`.
M.install_hint = 'Install it with `cargo install --path server` from a clone of the Concurrency Tutor '
  .. 'repository, or set `server_path` in `require("concurrency_tutor").setup{}`.'

local function wrapped_settings()
  return { concurrencyTutor = vim.deepcopy(M.options.settings) }
end

local function on_attach(client, bufnr)
  if M.options.inlay_hints and vim.lsp.inlay_hint then
    vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
  end
  if M.options.on_attach then
    M.options.on_attach(client, bufnr)
  end
end

local function client_config(cmd)
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  if M.options.capabilities then
    capabilities = vim.tbl_deep_extend('force', capabilities, M.options.capabilities)
  end
  return {
    name = M.name,
    cmd = cmd,
    filetypes = M.options.filetypes,
    root_markers = M.options.root_markers,
    init_options = wrapped_settings(),
    settings = wrapped_settings(),
    capabilities = capabilities,
    on_attach = on_attach,
  }
end

-- Neovim 0.10: no `vim.lsp.config`, so start (or reuse) a client on each matching buffer.
local function start_legacy(bufnr, cmd)
  local config = client_config(cmd)
  config.filetypes = nil
  config.root_markers = nil
  local name = vim.api.nvim_buf_get_name(bufnr)
  config.root_dir = vim.fs.root(bufnr, M.options.root_markers)
    or (name ~= '' and vim.fs.dirname(name))
    or vim.fn.getcwd()
  return vim.lsp.start(config, { bufnr = bufnr })
end

local warned = false
local function warn_missing(reason)
  if warned then
    return
  end
  warned = true
  vim.notify(
    ('Concurrency Tutor: the language server was not found (%s). %s'):format(reason, M.install_hint),
    vim.log.levels.WARN
  )
end

local augroup = nil

--- Registers the server and starts it for Python and Rust buffers (including those already open).
--- @param opts table|nil see `:help concurrency_tutor-setup`
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  local cmd, reason = M.resolve_cmd(M.options)
  if not cmd then
    -- Warn when the user first opens a file the tutor would have served, not at start-up.
    augroup = vim.api.nvim_create_augroup('concurrency_tutor', { clear = true })
    vim.api.nvim_create_autocmd('FileType', {
      group = augroup,
      pattern = M.options.filetypes,
      once = true,
      callback = function()
        warn_missing(reason)
      end,
    })
    return false
  end

  if has_config_api() and not M.options._force_legacy then
    vim.lsp.config(M.name, client_config(cmd))
    vim.lsp.enable(M.name)
    return true
  end

  augroup = vim.api.nvim_create_augroup('concurrency_tutor', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = augroup,
    pattern = M.options.filetypes,
    callback = function(args)
      start_legacy(args.buf, cmd)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.options.filetypes, vim.bo[bufnr].filetype) then
      start_legacy(bufnr, cmd)
    end
  end
  return true
end

--- The running Concurrency Tutor clients.
function M.clients()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ name = M.name })
end

--- Changes settings at run time: merges `settings` into the current ones and sends them to every
--- running server (`workspace/didChangeConfiguration`); hints and diagnostics update in place.
function M.update_settings(settings)
  assert(M.options, 'call require("concurrency_tutor").setup() first')
  M.options.settings = vim.tbl_deep_extend('force', M.options.settings, settings or {})
  for _, client in ipairs(M.clients()) do
    client.settings = wrapped_settings()
    local params = { settings = wrapped_settings() }
    if vim.fn.has('nvim-0.11') == 1 then
      client:notify('workspace/didChangeConfiguration', params)
    else
      client.notify('workspace/didChangeConfiguration', params) -- 0.10: a field, not a method
    end
  end
end

--- The server's version (`concurrency-tutor --version`), or `nil` and an error message.
function M.server_version(opts)
  local cmd, reason = M.resolve_cmd(opts)
  if not cmd then
    return nil, reason
  end
  local result = vim.system({ cmd[1], '--version' }, { text = true }):wait(5000)
  if result.code ~= 0 then
    return nil, ('`%s --version` exited with %s: %s'):format(cmd[1], tostring(result.code), result.stderr or '')
  end
  return vim.trim(result.stdout), cmd[1]
end

return M
