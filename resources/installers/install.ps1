<#
.SYNOPSIS
  Installs the Planasonix Agent .msi beside this script silently and provisions its enrollment.

.DESCRIPTION
  Run from an elevated PowerShell:
    $env:PLANASONIX_ENROLLMENT_TOKEN = '…'; .\install.ps1
    .\install.ps1 -TokenFile C:\secure\planasonix-token.txt
  API host and agent id come from PLANASONIX_API_HOST / PLANASONIX_AGENT_ID or from
  planasonix-agent.json beside this script (the environment wins).

  The token goes only into a file that SYSTEM, Administrators and the agent's user can read; the
  agent reads it at first start and deletes it. It is never printed and never put on msiexec's
  command line, which every user of the machine can read.
#>
[CmdletBinding()]
param(
  [string]$Token,
  [string]$TokenFile,
  [string]$MsiPath,
  # The account that runs the tray app and may read (then delete) the token. Defaults to the
  # account running this script.
  [string]$AgentUser,
  # Defaults to %ProgramData%\Planasonix Agent.
  [string]$ConfigDir
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# What msiexec receives, as data: placeholders in braces are filled from the values below, and
# every property value must match its pattern, so no value can break out of its quotes. The
# token is deliberately absent. tests/integration/packaging checks this block.
# <msiexec-plan>
$MsiexecPlan = @'
{
  "switches": ["/i", "{msi}", "/qn", "/norestart", "/l*v", "{log}"],
  "properties": [
    { "name": "PLANASONIX_API_HOST", "from": "api_host", "pattern": "^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$" },
    { "name": "PLANASONIX_AGENT_ID", "from": "agent_id", "pattern": "^agt_[0-9a-z]{1,64}$" },
    { "name": "PLANASONIX_CONFIG_DIR", "from": "config_dir", "pattern": "^[A-Za-z]:\\\\[^\"<>|?*]*$" }
  ]
}
'@ | ConvertFrom-Json
# </msiexec-plan>

function Get-MsiexecArguments {
  param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)] [hashtable]$Values)
  $arguments = foreach ($switch in $Plan.switches) {
    if ($switch -match '^\{(\w+)\}$') {
      $value = $Values[$Matches[1]]
      if (-not $value) { throw "msiexec: no value for $switch" }
      # Windows paths cannot contain a double quote, so quoting is enough.
      '"' + $value + '"'
    } else { $switch }
  }
  foreach ($property in $Plan.properties) {
    $value = [string]$Values[$property.from]
    if ($value -notmatch $property.pattern) {
      throw "$($property.name) is not valid: expected a value matching $($property.pattern)"
    }
    $arguments += "$($property.name)=`"$value`""
  }
  return $arguments
}

function Get-BundledValue([string]$Name) {
  $path = Join-Path $PSScriptRoot 'planasonix-agent.json'
  if (-not (Test-Path -LiteralPath $path)) { return $null }
  return (Get-Content -LiteralPath $path -Raw | ConvertFrom-Json).$Name
}

function Write-RestrictedFile([string]$Path, [string]$Content, [string]$User) {
  # Create empty, lock the ACL down, then write: the token never exists under inherited rights.
  New-Item -ItemType File -Path $Path -Force | Out-Null
  $acl = New-Object System.Security.AccessControl.FileSecurity
  $acl.SetAccessRuleProtection($true, $false)
  foreach ($identity in @('NT AUTHORITY\SYSTEM', 'BUILTIN\Administrators', $User) | Select-Object -Unique) {
    $rule = New-Object System.Security.AccessControl.FileSystemAccessRule($identity, 'FullControl', 'Allow')
    $acl.AddAccessRule($rule)
  }
  Set-Acl -LiteralPath $Path -AclObject $acl
  [System.IO.File]::WriteAllText($Path, $Content + "`n")
}

function Install-PlanasonixAgent {
  # Defaults resolve here, not in param(), so that dot-sourcing works on any OS.
  if (-not $AgentUser) { $AgentUser = [System.Security.Principal.WindowsIdentity]::GetCurrent().Name }
  if (-not $ConfigDir) { $ConfigDir = Join-Path $env:ProgramData 'Planasonix Agent' }
  if ($TokenFile) { $script:Token = (Get-Content -LiteralPath $TokenFile -TotalCount 1).Trim() }
  elseif (-not $Token) { $script:Token = $env:PLANASONIX_ENROLLMENT_TOKEN }
  # msiexec must not inherit the token through the environment either.
  Remove-Item Env:PLANASONIX_ENROLLMENT_TOKEN -ErrorAction SilentlyContinue

  $apiHost = if ($env:PLANASONIX_API_HOST) { $env:PLANASONIX_API_HOST } else { Get-BundledValue 'api_host' }
  $agentId = if ($env:PLANASONIX_AGENT_ID) { $env:PLANASONIX_AGENT_ID } else { Get-BundledValue 'agent_id' }
  $missing = @()
  if (-not $apiHost) { $missing += 'PLANASONIX_API_HOST (or "api_host" in planasonix-agent.json)' }
  if (-not $agentId) { $missing += 'PLANASONIX_AGENT_ID (or "agent_id" in planasonix-agent.json)' }
  if (-not $script:Token) { $missing += 'the enrollment token (-Token, -TokenFile or PLANASONIX_ENROLLMENT_TOKEN)' }
  if ($missing.Count -gt 0) { throw "missing $($missing -join '; '); nothing was changed" }
  if ($script:Token -notmatch '^plnx_enroll_[A-Za-z0-9_-]{43}$') {
    throw 'the enrollment token is malformed: expected plnx_enroll_ followed by 43 characters (value not shown)'
  }

  if (-not $MsiPath) {
    $found = @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter 'planasonix-agent-*-win-*.msi')
    if ($found.Count -ne 1) { throw "expected one planasonix-agent-<version>-win-<arch>.msi next to install.ps1, found $($found.Count); pass -MsiPath" }
    $MsiPath = $found[0].FullName
  }
  $log = Join-Path $env:TEMP 'planasonix-agent-install.log'
  $values = @{ msi = $MsiPath; log = $log; api_host = $apiHost; agent_id = $agentId; config_dir = $ConfigDir }
  $arguments = @(Get-MsiexecArguments -Plan $MsiexecPlan -Values $values)

  $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList $arguments -Wait -PassThru
  # 3010: installed, reboot required to finish.
  if ($process.ExitCode -ne 0 -and $process.ExitCode -ne 3010) {
    throw "msiexec failed with exit code $($process.ExitCode); see $log. No config or token was written."
  }

  New-Item -ItemType Directory -Path (Join-Path $ConfigDir 'enrollment') -Force | Out-Null
  $config = [ordered]@{ api_host = $apiHost; agent_id = $agentId } | ConvertTo-Json
  # UTF-8 without a BOM: Windows PowerShell's Set-Content -Encoding UTF8 writes one, and the agent's
  # JSON parser rejects the file then.
  [System.IO.File]::WriteAllText((Join-Path $ConfigDir 'planasonix-agent.json'), $config, (New-Object System.Text.UTF8Encoding $false))
  Write-RestrictedFile -Path (Join-Path $ConfigDir 'enrollment\token') -Content $script:Token -User $AgentUser
  $script:Token = $null
  Write-Output "Planasonix Agent installed; config and enrollment token written to $ConfigDir (readable by $AgentUser)."
}

# Dot-sourcing (". .\install.ps1") loads the functions without installing, for tests.
if ($MyInvocation.InvocationName -ne '.') { Install-PlanasonixAgent }
