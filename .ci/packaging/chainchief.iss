; Inno Setup script of the Windows installer (Inno Setup 6):
;   iscc /DAppVersion=0.1.0 .ci\packaging\chainchief.iss
; after `python .ci\package.py` has built dist\ChainChief\ and build\icons\chainchief.ico.
; Per-user install without administrator rights (into %LOCALAPPDATA%\Programs\ChainChief), a
; Start-menu entry, Chinese or English installer pages. The data lives elsewhere, in
; %LOCALAPPDATA%\ChainChief (database, backups, logs): the uninstaller removes only the files it
; installed, so uninstalling or installing a newer version keeps the data.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z chainchief.iss
#endif

[Setup]
AppId={{7C3F0E52-7A4B-4C1D-9B7E-2E5C1A9D4F60}
AppName=ChainChief 链长制工作台
AppVersion={#AppVersion}
AppPublisher=ChainChief
DefaultDirName={autopf}\ChainChief
DefaultGroupName=链长制工作台
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=ChainChief-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\chainchief.ico
UninstallDisplayIcon={app}\chainchief-gui.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.AppTitle=链长制工作台
english.AppTitle=ChainChief

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\ChainChief\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A newer version replaces the previous program files whole (modules it no longer has must not
; linger); the user's data is not under {app}.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{cm:AppTitle}"; Filename: "{app}\chainchief-gui.exe"
Name: "{autodesktop}\{cm:AppTitle}"; Filename: "{app}\chainchief-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\chainchief-gui.exe"; Description: "{cm:LaunchProgram,{cm:AppTitle}}"; Flags: nowait postinstall skipifsilent
