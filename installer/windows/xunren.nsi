; Xunren (寻人) station client: a per-user Windows installer, no administrator rights needed.
;
;   python -m installer.windows dist\xunren        (writes build\nsis\files.nsh and uninstall.nsh)
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DPAYLOAD=dist\xunren -DLISTS=build\nsis ^
;            -DOUTFILE=dist\xunren-0.1.0-setup.exe installer\windows\xunren.nsi
;
; installer/README.md has the whole Windows build. What this script promises:
; - it installs into %LOCALAPPDATA%\Programs\Xunren for the current user only (no UAC prompt);
; - a Start-menu entry "寻人 Xunren" for the desktop app;
; - the uninstaller deletes exactly the files this installer put in place (the list is compiled
;   in) and removes a folder only when it is empty. The station lives elsewhere, in
;   %LOCALAPPDATA%\xunren\xunren (the app's data folder), and nothing here ever deletes it;
; - installing over an older version runs that version's uninstaller first (same promise).

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not defined (makensis -DVERSION=0.1.0 ...)"
!endif
!ifndef PAYLOAD
  !error "PAYLOAD is not defined: the frozen build's folder (dist\xunren)"
!endif
!ifndef LISTS
  !error "LISTS is not defined: the folder where python -m installer.windows wrote the file lists"
!endif
!ifndef OUTFILE
  !define OUTFILE "xunren-${VERSION}-setup.exe"
!endif

!define APPKEY "Software\Xunren"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Xunren"
!define DESKTOP_EXE "xunren-desktop.exe"

!include "MUI2.nsh"
!include "LogicLib.nsh"

Name "寻人 Xunren ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Xunren"
InstallDirRegKey HKCU "${APPKEY}" "InstallDir"
BrandingText "Xunren ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "Xunren"
VIAddVersionKey /LANG=0 "FileDescription" "Xunren station client setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Xunren project"

!define MUI_ICON "${__FILEDIR__}\..\icons\xunren.ico"
!define MUI_UNICON "${__FILEDIR__}\..\icons\xunren.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${DESKTOP_EXE}"
!define MUI_FINISHPAGE_TEXT "$(DataFolderNote)"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UninstallNote)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString ShortcutName ${LANG_SIMPCHINESE} "寻人 Xunren"
LangString ShortcutName ${LANG_ENGLISH} "Xunren 寻人"
LangString DataFolderNote ${LANG_SIMPCHINESE} "寻人已安装。工作站数据保存在 $LOCALAPPDATA\xunren，与程序分开存放；升级或卸载程序都不会改动或删除这些数据。"
LangString DataFolderNote ${LANG_ENGLISH} "Xunren is installed. The station's data is kept in $LOCALAPPDATA\xunren, apart from the program; upgrading or uninstalling the program never changes or deletes it."
LangString UninstallNote ${LANG_SIMPCHINESE} "将从 $INSTDIR 删除寻人程序。工作站数据（$LOCALAPPDATA\xunren）会保留，不会被删除。"
LangString UninstallNote ${LANG_ENGLISH} "Xunren will be removed from $INSTDIR. The station's data ($LOCALAPPDATA\xunren) is kept and never deleted."
LangString DataFolderRefused ${LANG_SIMPCHINESE} "不能安装到工作站数据文件夹 $LOCALAPPDATA\xunren 中，请另选文件夹。"
LangString DataFolderRefused ${LANG_ENGLISH} "Xunren cannot be installed inside the station's data folder $LOCALAPPDATA\xunren; choose another folder."

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

; The program folder must never be, or lie inside, the station's data folder: the uninstaller
; would then share a folder with the station.
Function .onVerifyInstDir
  StrLen $1 "$LOCALAPPDATA\xunren"
  StrCpy $0 "$INSTDIR" $1
  ${If} $0 == "$LOCALAPPDATA\xunren"
    Abort
  ${EndIf}
FunctionEnd

Section "Xunren" SecMain
  SectionIn RO
  StrLen $1 "$LOCALAPPDATA\xunren"
  StrCpy $0 "$INSTDIR" $1
  ${If} $0 == "$LOCALAPPDATA\xunren"
    MessageBox MB_ICONSTOP "$(DataFolderRefused)"
    Abort
  ${EndIf}
  ; An older version: its own uninstaller removes its files (and only those) first.
  ReadRegStr $2 HKCU "${APPKEY}" "InstallDir"
  ${If} $2 != ""
  ${AndIf} ${FileExists} "$2\uninstall.exe"
    ExecWait '"$2\uninstall.exe" /S _?=$2'
    Delete "$2\uninstall.exe"
    RMDir "$2"
  ${EndIf}

  !include "${LISTS}\files.nsh"

  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\$(ShortcutName).lnk" "$INSTDIR\${DESKTOP_EXE}" "" "$INSTDIR\${DESKTOP_EXE}" 0
  WriteRegStr HKCU "${APPKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${APPKEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "寻人 Xunren"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Xunren project"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${DESKTOP_EXE}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

; Deletes the files listed at build time, then each folder only if it is empty: never a
; recursive delete, so nothing the installer did not write can go, whatever $INSTDIR is.
Section "Uninstall"
  !include "${LISTS}\uninstall.nsh"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\寻人 Xunren.lnk"
  Delete "$SMPROGRAMS\Xunren 寻人.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${APPKEY}"
SectionEnd
