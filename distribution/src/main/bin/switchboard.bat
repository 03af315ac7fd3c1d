@echo off
rem Starts Switchboard on Windows: bin\switchboard.bat [--config FILE]. Operator commands (config check, keys,
rem accounts, admin, version; see bin\switchboard.bat help) are dispatched by the same Java entry point.
rem Needs Java 21 or newer: JAVA_HOME if set, else java on PATH. JAVA_OPTS replaces the default -Xms64m -Xmx512m.
setlocal
set "HOME_DIR=%~dp0.."
pushd "%HOME_DIR%"
set "HOME_DIR=%CD%"
popd
if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA=java"
)
"%JAVA%" -XshowSettings:properties -version 2>&1 | findstr /r /c:"java.specification.version = [2-9][0-9]" >nul
if errorlevel 1 (
  echo switchboard: Switchboard needs Java 21 or newer; set JAVA_HOME to a JDK 21+ 1>&2
  exit /b 1
)
"%JAVA%" -XshowSettings:properties -version 2>&1 | findstr /r /c:"java.specification.version = 1[0-9]$" /c:"java.specification.version = 20$" >nul
if not errorlevel 1 (
  echo switchboard: Switchboard needs Java 21 or newer; set JAVA_HOME to a JDK 21+ 1>&2
  exit /b 1
)
if not defined JAVA_OPTS set "JAVA_OPTS=-Xms64m -Xmx512m"
rem Resolve --config relative to the caller's directory before changing directory.
set "ARGS="
:loop
if "%~1"=="" goto run
if "%~1"=="--config" (
  set "ARGS=%ARGS% --config "%~f2""
  shift
  shift
  goto loop
)
set "ARGS=%ARGS% %1"
shift
goto loop
:run
rem Commands resolve their file arguments against the caller's directory.
set "CALLER_DIR=%CD%"
cd /d "%HOME_DIR%"
if not exist data mkdir data
"%JAVA%" %JAVA_OPTS% "-Dswitchboard.home=%HOME_DIR%" "-Dswitchboard.caller.dir=%CALLER_DIR%" "-Djava.util.logging.config.file=%HOME_DIR%\conf\logging.properties" -cp "%HOME_DIR%\lib\*" dev.switchboard.kernel.Main %ARGS%
