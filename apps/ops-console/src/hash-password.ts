// `npm run ops-console:hash-password`: reads a password on stdin (one line) and prints the
// scrypt hash for OPS_CONSOLE_USERS (`name=<hash>`), so no password is ever stored in clear.
import { hashPassword } from './auth/password';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const password = input.replace(/\r?\n$/, '');
  if (password.length < 12) {
    process.stderr.write('refused: use at least 12 characters\n');
    process.exit(2);
  }
  void hashPassword(password).then((hash) => process.stdout.write(`${hash}\n`));
});
