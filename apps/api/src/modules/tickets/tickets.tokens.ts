/** The UploadStore (DATA_DIR/attachments) that keeps ticket attachments. */
export const TICKET_ATTACHMENT_STORE = Symbol('TICKET_ATTACHMENT_STORE');
