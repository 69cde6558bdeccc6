/** What happened to a proposal handed to `RaftEngine.propose`. */
export type ProposeOutcome =
  | {
      /** Appended to this leader's log at `firstIndex..firstIndex + n - 1`, in `term`. */
      readonly status: 'appended';
      readonly firstIndex: number;
      readonly term: number;
    }
  | {
      /** Sent to the leader; the result arrives in `Ready.forwardedProposalResults` under `requestId`. */
      readonly status: 'forwarded';
      readonly requestId: number;
    }
  | {
      /** Not appended: no leader is known, or a leadership transfer is in progress. */
      readonly status: 'rejected';
      readonly leaderHint: string | undefined;
    };

/** What happened to a membership change handed to `RaftEngine.proposeMembershipChange`. */
export type MembershipChangeOutcome =
  | { readonly status: 'appended'; readonly index: number; readonly term: number }
  | { readonly status: 'not-leader'; readonly leaderHint: string | undefined }
  | { readonly status: 'refused'; readonly reason: string };
