; Asiointiapu: Inno Setup script over the PyInstaller one-folder bundle.
;
; Build (from the repository root, on Windows; see packaging/windows/README.md):
;   pyinstaller packaging/pyinstaller/asiointiapu.spec      -> dist\asiointiapu\asiointiapu.exe
;   iscc /DAppVersion=0.1.0 packaging\windows\asiointiapu.iss -> dist\asiointiapu-0.1.0-setup.exe
;
; Relative paths below are relative to this file's folder (Inno's default SourceDir).
; The file is UTF-8 without a BOM, which Inno Setup reads since 6.3.
;
; Copyright (C) Asiointiapu contributors. SPDX-License-Identifier: GPL-3.0-or-later

; Inno Setup 6.4.0 or later: x64compatible needs 6.3, and Swedish.isl is an official,
; bundled translation only since 6.4.0 (before that it was in the unofficial downloads).
#if Ver < EncodeVer(6, 4, 0, 0)
  #error Inno Setup 6.4.0 or later is needed to compile this script
#endif

#define AppName "Asiointiapu"
#define AppExeName "asiointiapu.exe"
; The build passes the version (/DAppVersion=...); the default must stay equal to
; asiointiapu.__version__ (tests/test_windows_installer.py checks it).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
; Where PyInstaller put the one-folder bundle; /DDistDir=... for another place.
#ifndef DistDir
  #define DistDir "..\..\dist\asiointiapu"
#endif

#if !FileExists(AddBackslash(SourcePath) + DistDir + "\" + AppExeName)
  #error The PyInstaller bundle is missing: run pyinstaller packaging/pyinstaller/asiointiapu.spec first
#endif

[Setup]
; The AppId identifies the program to Windows and to later versions of this installer
; (upgrades, uninstall). Never change it. "{{" is Inno's escape for a literal "{".
AppId={{786D0942-A957-4AD0-8D08-A1DFDF341501}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Asiointiapu contributors
LicenseFile=..\..\LICENSE
; {autopf} is C:\Program Files for a per-machine install and
; %LOCALAPPDATA%\Programs for a per-user one.
DefaultDirName={autopf}\{#AppName}
; One Start menu shortcut, straight in Programs: no folder to choose.
DisableProgramGroupPage=yes
; Per-user by default, so that a person can install it on their own computer without
; administrator rights. The dialog lets staff choose "for all users" instead (per-machine),
; which a service point or library computer needs: the kiosk account must find the program
; and the site file must be writable only by administrators. /ALLUSERS and /CURRENTUSER
; choose the same on the command line.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; The bundle is 64-bit Python and Qt. x64compatible also lets it run on Arm64 Windows 11
; (under emulation); it cannot run on 32-bit Windows.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 supports Windows 10 and later only.
MinVersion=10.0
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=asiointiapu-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
; The first language is the one used when Windows' language matches none of them: Finnish,
; as in the program itself. Swedish.isl is bundled (official) since Inno Setup 6.4.0.
Name: "fi"; MessagesFile: "compiler:Languages\Finnish.isl"
Name: "sv"; MessagesFile: "compiler:Languages\Swedish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fi.KioskGroup=Yhteiskäyttöinen tietokone (asiointipiste tai kirjasto):
sv.KioskGroup=Delad dator (serviceställe eller bibliotek):
en.KioskGroup=Shared computer (service point or library):
fi.KioskTask=Valmistele kioskikäyttö: asetuskansio ja esimerkkitiedosto
sv.KioskTask=Förbered kioskanvändning: mapp för platsinställningar och en exempelfil
en.KioskTask=Prepare kiosk use: the site settings folder and an example file
fi.KioskPermissions=Asetetaan asetuskansion käyttöoikeuksia...
sv.KioskPermissions=Ställer in behörigheter för inställningsmappen...
en.KioskPermissions=Setting the permissions of the settings folder...
fi.KioskPageCaption=Asiointipisteen asetukset
sv.KioskPageCaption=Inställningar för servicestället
en.KioskPageCaption=Settings for the service point
fi.KioskPageDescription=Missä asetustiedostoa muokataan
sv.KioskPageDescription=Var platsfilen redigeras
en.KioskPageDescription=Where to edit the site file
; %1 is the settings folder, %2 the program's folder.
fi.KioskExampleSaved=Asetustiedosto on %1\site.toml. Sen viereen tallennettiin esimerkki nimellä site.example.toml.%n%nNäin otat tietokoneen käyttöön:%n1. Tee henkilökunnan PIN-koodi: suorita komentokehotteessa "%2\asiointiapu.exe" --hash-pin ja kopioi sen tulostama rivi.%n2. Avaa site.example.toml Muistiossa järjestelmänvalvojana, liitä rivi ja tarkista muut asetukset.%n3. Tallenna tiedosto samaan kansioon nimellä site.toml (UTF-8, ei .txt-päätettä).%n%nOhjelma lukee tiedoston käynnistyessään. Ohjelman poistaminen ei poista tätä kansiota eikä tiedostoa.
sv.KioskExampleSaved=Platsfilen är %1\site.toml. Ett exempel sparades bredvid den som site.example.toml.%n%nSå här ställer du in datorn:%n1. Skapa en PIN-kod för personalen: kör "%2\asiointiapu.exe" --hash-pin i kommandotolken och kopiera raden som skrivs ut.%n2. Öppna site.example.toml i Anteckningar som administratör, klistra in raden och kontrollera de andra inställningarna.%n3. Spara filen i samma mapp som site.toml (UTF-8, inte .txt).%n%nProgrammet läser filen när det startar. Om programmet avinstalleras behålls mappen och filen.
en.KioskExampleSaved=The site file is %1\site.toml. An example was saved next to it as site.example.toml.%n%nTo set up this computer:%n1. Make a staff PIN: in a Command Prompt run "%2\asiointiapu.exe" --hash-pin and copy the line it prints.%n2. Open site.example.toml in Notepad as administrator, paste the line and check the other settings.%n3. Save the file in the same folder as site.toml (UTF-8, not .txt).%n%nThe program reads the file when it starts. Uninstalling the program keeps this folder and the file.
fi.KioskSiteKept=Asetustiedosto %1\site.toml oli jo olemassa. Sitä ei muutettu, eikä esimerkkiä kopioitu.%n%nMuokkaa sitä tarvittaessa Muistiossa järjestelmänvalvojana. Uuden henkilökunnan PIN-koodin rivin saat komennolla "%2\asiointiapu.exe" --hash-pin.%n%nOhjelman poistaminen ei poista tätä kansiota eikä tiedostoa.
sv.KioskSiteKept=Platsfilen %1\site.toml fanns redan. Den ändrades inte, och inget exempel kopierades.%n%nRedigera den vid behov i Anteckningar som administratör. En ny rad för personalens PIN-kod får du med "%2\asiointiapu.exe" --hash-pin.%n%nOm programmet avinstalleras behålls mappen och filen.
en.KioskSiteKept=The site file %1\site.toml already existed. It was not changed, and no example was copied.%n%nEdit it in Notepad as administrator if needed. "%2\asiointiapu.exe" --hash-pin makes a new staff PIN line.%n%nUninstalling the program keeps this folder and the file.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
; Kiosk: only offered for a per-machine install (the site folder is shared by every account
; on the computer and must be writable only by administrators) and never on by default: a
; home computer must not get a kiosk example by accident.
Name: "kiosk"; Description: "{cm:KioskTask}"; GroupDescription: "{cm:KioskGroup}"; Flags: unchecked; Check: IsAdminInstallMode

[InstallDelete]
; PyInstaller's _internal folder is replaced as a whole: files that a newer build no longer
; has (an old DLL or .pyd) must not be left beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Dirs]
; C:\ProgramData\asiointiapu: where the program looks for site.toml (platformdirs'
; site_config_path). Never removed by the uninstaller: it holds the staff's own settings.
Name: "{commonappdata}\asiointiapu"; Tasks: kiosk; Flags: uninsneveruninstall

[Files]
; The whole one-folder bundle. ignoreversion: the bundle's DLLs must always match the
; new build, even when an older version number is on a file.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The example also beside the program, for staff who set up the site file later.
Source: "site.example.toml"; DestDir: "{app}"; Flags: ignoreversion
; Kiosk: the example next to where site.toml belongs, but only when there is no site.toml
; yet (a machine that is already set up gets nothing), never over an example staff may
; have started to edit (onlyifdoesntexist), and never removed at uninstall. It is copied
; as site.example.toml, never as site.toml: it has no staff PIN, and the program must not
; run as an unlocked kiosk until staff have read it and saved it as site.toml themselves.
Source: "site.example.toml"; DestDir: "{commonappdata}\asiointiapu"; DestName: "site.example.toml"; Tasks: kiosk; Flags: onlyifdoesntexist uninsneveruninstall; Check: not FileExists(ExpandConstant('{commonappdata}\asiointiapu\site.toml'))

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Run]
; Kiosk: the site folder readable by everyone but writable only by administrators and
; SYSTEM. C:\ProgramData lets every user create files in its subfolders, so without this the
; person at the kiosk could create site.toml first (mode = "home", another browser_command)
; and get out of the kiosk. Inheritance is cut so that right is not passed down; well-known
; SIDs, because the group names differ by Windows language. Files already in the folder
; get the new inherited rights. Runs elevated (no postinstall flag).
Filename: "{sys}\icacls.exe"; Parameters: """{commonappdata}\asiointiapu"" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX"; Flags: runhidden waituntilterminated; Tasks: kiosk; StatusMsg: "{cm:KioskPermissions}"
; Start the program after installing: as the user who started Setup, not elevated
; (postinstall implies runasoriginaluser). Unchecked for kiosk: staff set up site.toml first,
; and the kiosk account, not the administrator's, is the one that runs the program.
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent; Tasks: not kiosk
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent unchecked; Tasks: kiosk

; No [UninstallDelete]: the uninstaller removes only what this installer put in {app}. It
; NEVER removes the site folder or file (C:\ProgramData\asiointiapu, above) nor the outbox of
; requests for a call back waiting to be sent (outbox.sqlite3 in each user's
; %LOCALAPPDATA%\asiointiapu, which this installer never touches).

[Code]
var
  KioskPage: TOutputMsgWizardPage;

function SiteDir: String;
begin
  Result := ExpandConstant('{commonappdata}\asiointiapu');
end;

{ After installing, a page that says where the site file is and what to do with it
  (only when the kiosk task was chosen). }
procedure InitializeWizard;
begin
  KioskPage := CreateOutputMsgPage(wpInfoAfter, CustomMessage('KioskPageCaption'),
    CustomMessage('KioskPageDescription'), '');
end;

function ShouldSkipPage(PageID: Integer): Boolean;
begin
  Result := (PageID = KioskPage.ID) and not WizardIsTaskSelected('kiosk');
end;

procedure CurPageChanged(CurPageID: Integer);
begin
  if CurPageID = KioskPage.ID then
  begin
    if FileExists(SiteDir + '\site.toml') then
      KioskPage.MsgLabel.Caption := FmtMessage(CustomMessage('KioskSiteKept'), [SiteDir,
        ExpandConstant('{app}')])
    else
      KioskPage.MsgLabel.Caption := FmtMessage(CustomMessage('KioskExampleSaved'), [SiteDir,
        ExpandConstant('{app}')]);
  end;
end;
