// The tests run real Redis and PostgreSQL from Debian's packages, and Chromium: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
