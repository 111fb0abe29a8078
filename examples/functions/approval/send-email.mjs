/**
 * "Sends" the approval email of examples/flows/approval.yaml: it writes the email to the log
 * (`npx flowback logs approval NAME` prints it; `npm start` shows it as it happens), one line each.
 * A real flow would hand the same two links to a mail service. The links hold no task token.
 */
export function handler(event) {
  const again = event.reminder > 0 ? ` (reminder ${event.reminder})` : '';
  for (const line of [
    `To: ${event.to}`,
    `Subject: Approve "${event.request}" for ${event.amount}?${again}`,
    `Approve: ${event.approveUrl}`,
    `Reject: ${event.rejectUrl}`,
  ]) {
    console.log(line);
  }
  return { sent: true };
}
