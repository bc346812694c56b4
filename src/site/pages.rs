//! The published pages of a frozen [`Site`](super::Site) and the [`PageId`] that names
//! one. Collections, taxonomy terms, listings, search and reports hold `PageId`s, never
//! bare indices, so a page list cannot be confused with a count or an offset.

use std::ops::Index;

use crate::content::Page;

/// A published page of the site: an index into [`Pages`], valid for the `Site` that
/// made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(u32);

impl PageId {
    /// The position in [`Pages`] (for side tables indexed like the pages).
    pub fn index(self) -> usize {
        self.0 as usize
    }

    fn new(i: usize) -> PageId {
        PageId(u32::try_from(i).expect("a site has fewer than 2^32 pages"))
    }
}

/// The published pages, in discovery order; indexed by [`PageId`].
#[derive(Debug, Default)]
pub struct Pages(Vec<Page>);

impl Pages {
    pub(crate) fn new(pages: Vec<Page>) -> Pages {
        Pages(pages)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every page, in id order.
    pub fn iter(&self) -> std::slice::Iter<'_, Page> {
        self.0.iter()
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = PageId> + ExactSizeIterator + use<> {
        (0..self.0.len()).map(PageId::new)
    }

    /// Every page with its id.
    pub fn enumerate(&self) -> impl Iterator<Item = (PageId, &Page)> + '_ {
        self.0.iter().enumerate().map(|(i, p)| (PageId::new(i), p))
    }

    /// The pages as a slice, for parallel iteration and side tables (`slice[id.index()]`).
    pub(super) fn as_slice(&self) -> &[Page] {
        &self.0
    }
}

/// A set of pages of one site, one flag per page (a lookup is O(1), not a scan).
#[derive(Clone, Debug)]
pub(crate) struct PageSet(Vec<bool>);

impl PageSet {
    /// The set of `ids` among `pages`.
    pub(crate) fn of(pages: &Pages, ids: impl IntoIterator<Item = PageId>) -> PageSet {
        let mut set = PageSet(vec![false; pages.len()]);
        for id in ids {
            set.insert(id);
        }
        set
    }

    /// Adds `id`; false if it was in the set already.
    pub(crate) fn insert(&mut self, id: PageId) -> bool {
        !std::mem::replace(&mut self.0[id.index()], true)
    }

    pub(crate) fn contains(&self, id: PageId) -> bool {
        self.0[id.index()]
    }
}

impl Index<PageId> for Pages {
    type Output = Page;

    fn index(&self, id: PageId) -> &Page {
        &self.0[id.index()]
    }
}

impl<'a> IntoIterator for &'a Pages {
    type Item = &'a Page;
    type IntoIter = std::slice::Iter<'a, Page>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_count_the_pages() {
        let pages = Pages::new(Vec::new());
        assert_eq!(pages.ids().count(), 0);
        assert!(pages.is_empty());
        assert_eq!(PageId::new(7).index(), 7);
        assert!(PageId::new(2) < PageId::new(10));
    }

    #[test]
    fn a_page_set_holds_what_was_inserted() {
        let mut set = PageSet(vec![false; 3]);
        assert!(set.insert(PageId::new(2)));
        assert!(set.contains(PageId::new(2)) && !set.contains(PageId::new(0)));
        assert!(set.insert(PageId::new(0)));
        assert!(!set.insert(PageId::new(0)));
    }
}
