import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const MeetingErrors = {
  MEETING_ISSUE_ALREADY_RESOLVED: 'conflict',
} as const satisfies ErrorCatalog;

export const meetingError = errorFactory(MeetingErrors);
