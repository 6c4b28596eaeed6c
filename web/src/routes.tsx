import { ComponentType, lazy, LazyExoticComponent } from 'react';
import type { SessionUser } from './api/client';
import { hasRole, isMember } from './lib/roles';

/**
 * Every page of the app, in one list (docs/WEB.md: how to add a page). Each page is its own chunk
 * (React.lazy), so a member's phone never downloads the leader's charts. `nav` puts a link in the
 * menu for the people `show` accepts; its label is one of UI.md's fixed names.
 */
export interface PageRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  nav?: { label: string; show: (user: SessionUser) => boolean };
}

const everyone = () => true;

export const pages: PageRoute[] = [
  {
    path: '/',
    page: lazy(() => import('./pages/member/HomePage')),
    nav: { label: 'Việc cần làm', show: everyone },
  },
  {
    path: '/cam-ket',
    page: lazy(() => import('./pages/member/MyCommitmentsPage')),
    nav: { label: 'Cam kết của tôi', show: isMember },
  },
  {
    path: '/chi-bo',
    page: lazy(() => import('./pages/member/CellPage')),
    nav: { label: 'Chi bộ', show: (user) => isMember(user) && Boolean(user.cellId) },
  },
  {
    path: '/tu-kiem-tra',
    page: lazy(() => import('./pages/member/SelfCheckPage')),
    nav: { label: 'Tự kiểm tra', show: isMember },
  },
  {
    path: '/kiem-diem',
    page: lazy(() => import('./pages/member/YearEndPage')),
    nav: { label: 'Kiểm điểm cuối năm', show: isMember },
  },
  { path: '/cam-ket/moi', page: lazy(() => import('./pages/member/NewCommitmentPage')) },
  { path: '/cam-ket/:id', page: lazy(() => import('./pages/member/CommitmentPage')) },
  {
    path: '/duyet',
    page: lazy(() => import('./pages/secretary/ReviewQueuePage')),
    nav: { label: 'Duyệt cam kết', show: (u) => hasRole(u, 'secretary') },
  },
  {
    path: '/sinh-hoat',
    page: lazy(() => import('./pages/secretary/MeetingsPage')),
    nav: { label: 'Sinh hoạt chi bộ', show: (u) => hasRole(u, 'secretary') },
  },
  { path: '/sinh-hoat/moi', page: lazy(() => import('./pages/secretary/NewMeetingPage')) },
  { path: '/sinh-hoat/:id', page: lazy(() => import('./pages/secretary/MeetingPage')) },
  {
    path: '/bao-cao',
    page: lazy(() => import('./pages/leader/ReportsPage')),
    nav: { label: 'Báo cáo', show: (u) => hasRole(u, 'leader') },
  },
  { path: '/bao-cao/xep-loai', page: lazy(() => import('./pages/leader/ClassificationPage')) },
  {
    path: '/danh-gia',
    page: lazy(() => import('./pages/leader/EvaluationCyclesPage')),
    nav: { label: 'Đánh giá cuối năm', show: (u) => hasRole(u, 'leader') },
  },
  { path: '/danh-gia/:id', page: lazy(() => import('./pages/leader/EvaluationCyclePage')) },
  {
    path: '/bieu-hien',
    page: lazy(() => import('./pages/common/ManifestationsPage')),
    nav: { label: '27 biểu hiện', show: everyone },
  },
  {
    path: '/quan-tri',
    page: lazy(() => import('./pages/admin/AdminHomePage')),
    nav: { label: 'Quản trị', show: (u) => hasRole(u, 'admin') || hasRole(u, 'leader') },
  },
  { path: '/quan-tri/to-chuc', page: lazy(() => import('./pages/admin/OrganizationsPage')) },
  { path: '/quan-tri/dang-vien', page: lazy(() => import('./pages/admin/MembersPage')) },
  { path: '/quan-tri/nhap', page: lazy(() => import('./pages/admin/ImportPage')) },
  { path: '/quan-tri/tai-khoan', page: lazy(() => import('./pages/admin/AccountsPage')) },
  { path: '/quan-tri/danh-muc', page: lazy(() => import('./pages/admin/CatalogsPage')) },
  { path: '/quan-tri/nhat-ky', page: lazy(() => import('./pages/admin/AuditPage')) },
  { path: '/thong-bao', page: lazy(() => import('./pages/common/NotificationsPage')) },
  { path: '/doi-mat-khau', page: lazy(() => import('./pages/common/ChangePasswordPage')) },
];
