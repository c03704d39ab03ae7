// The child process a blocking download runs in (utils.ts downloadUrl): the
// dataset constructors are synchronous, so they wait for this process, whose
// progress bar goes straight to the terminal. Its argument: the FileDownload
// as JSON. Exit 0 when the file is complete; otherwise the error message is
// written to file descriptor 3 (a pipe the parent reads).
import { writeSync } from "fs";
import { downloadFile, FileDownload } from "./_download";

const job = JSON.parse(process.argv[process.argv.length - 1]) as FileDownload;
downloadFile(job).then(
  () => process.exit(0),
  (e: Error) => {
    try {
      writeSync(3, e.message);
    } catch {
      process.stderr.write(`${e.message}\n`); // run by hand: no fd 3
    }
    process.exit(1);
  },
);
